"""example_bot.py - Example RustIRC Python script"""

__name__ = "Example Bot"
__version__ = "1.0.0"
__author__ = "Your Name"
__description__ = "A simple Python bot for RustIRC"

import irc
import re
import json
from datetime import datetime

# Configuration
config = {
    "greeting": "Hello",
    "auto_op": ["trusted_user1", "trusted_user2"],
    "log_messages": True
}

# State
seen_users = {}

def on_load():
    """Called when script is loaded"""
    print(f"{__name__} v{__version__} loaded!")
    
    # Register commands
    irc.register_command("seen", handle_seen_command, "Check when user was last seen")
    irc.register_command("config", handle_config_command, "Manage bot configuration")
    
    # Load saved state
    try:
        with open("seen_users.json", "r") as f:
            global seen_users
            seen_users = json.load(f)
    except FileNotFoundError:
        pass

def on_unload():
    """Called when script is unloaded"""
    # Save state
    with open("seen_users.json", "w") as f:
        json.dump(seen_users, f)
    
    print(f"{__name__} unloaded!")

def on_message(server_id, target, nick, message):
    """Handle incoming messages"""
    # Update seen database
    seen_users[nick.lower()] = {
        "time": datetime.now().isoformat(),
        "channel": target,
        "message": message
    }
    
    # Log if enabled
    if config["log_messages"]:
        with open(f"log_{target}.txt", "a") as f:
            f.write(f"[{datetime.now()}] <{nick}> {message}\n")
    
    # Respond to mentions
    if irc.current_nick(server_id).lower() in message.lower():
        irc.send_message(server_id, target, f"{nick}: {config['greeting']}!")

def on_join(server_id, channel, nick):
    """Handle user joins"""
    # Auto-op trusted users
    if nick in config["auto_op"]:
        irc.set_mode(server_id, channel, "+o", nick)

def handle_seen_command(args):
    """Handle !seen command"""
    if not args:
        return "Usage: !seen <nickname>"
    
    nick = args[0].lower()
    if nick in seen_users:
        info = seen_users[nick]
        last_seen = datetime.fromisoformat(info["time"])
        time_ago = datetime.now() - last_seen
        
        return f"{args[0]} was last seen {format_time_ago(time_ago)} in {info['channel']}: {info['message']}"
    else:
        return f"I haven't seen {args[0]}"

def handle_config_command(args):
    """Handle !config command"""
    if len(args) < 1:
        return "Usage: !config <get|set> [key] [value]"
    
    action = args[0]
    
    if action == "get":
        if len(args) < 2:
            return f"Available keys: {', '.join(config.keys())}"
        key = args[1]
        return f"{key} = {config.get(key, 'Not set')}"
    
    elif action == "set":
        if len(args) < 3:
            return "Usage: !config set <key> <value>"
        key = args[1]
        value = " ".join(args[2:])
        
        # Parse value type
        if value.lower() in ["true", "false"]:
            value = value.lower() == "true"
        elif value.isdigit():
            value = int(value)
        
        config[key] = value
        return f"Set {key} = {value}"

def format_time_ago(delta):
    """Format timedelta to human-readable string"""
    seconds = int(delta.total_seconds())
    
    if seconds < 60:
        return f"{seconds} seconds ago"
    elif seconds < 3600:
        return f"{seconds // 60} minutes ago"
    elif seconds < 86400:
        return f"{seconds // 3600} hours ago"
    else:
        return f"{seconds // 86400} days ago"
