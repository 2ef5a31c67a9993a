using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using RustIrc.Sdk.Permissions;

namespace RustIrc.Kernel.Permissions;

/// <summary>
/// Makes, once per service interface, a class deriving from <see cref="PermissionGuard"/> that
/// implements the interface: each method checks its requirements, then calls the implementation
/// directly, without an argument array, boxing or reflection (a guarded call is made for every line
/// printed under a flood). Spans and other by-ref-like arguments pass through as they are.
/// </summary>
internal static class GuardTypes
{
    private static readonly Dictionary<Type, GuardShape> Shapes = [];
    private static readonly Lock Emitting = new();
    private static ModuleBuilder? _shared;

    private static readonly MethodInfo CheckScope = typeof(PermissionGuard).GetMethod("CheckScope", BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo Enter = typeof(PermissionGuard).GetMethod("Enter", BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo OwnResult = typeof(PermissionGuard).GetMethod("OwnResult", BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo OwnAlongside = typeof(PermissionGuard).GetMethod("OwnAlongside", BindingFlags.Instance | BindingFlags.NonPublic)!;

    /// <summary>
    /// The guard class of <paramref name="service"/> and what each of its methods requires. The guards of
    /// the SDK's and the kernel's interfaces are made once and shared; one of a module's own interface is
    /// made for each registration, which keeps it: a static cache would keep the module loaded.
    /// </summary>
    /// <exception cref="ArgumentException">The interface cannot be guarded (not public, or with generic methods).</exception>
    public static GuardShape For(Type service)
    {
        var context = AssemblyLoadContext.GetLoadContext(service.Assembly) ?? AssemblyLoadContext.Default;
        lock (Emitting)
        {
            if (context.IsCollectible) return Make(service, CollectibleModule(context));
            if (!Shapes.TryGetValue(service, out var shape)) Shapes[service] = shape = Make(service, _shared ??= SharedModule());
            return shape;
        }
    }

    private static ModuleBuilder SharedModule() =>
        AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("RustIrc.Guards"), AssemblyBuilderAccess.Run).DefineDynamicModule("guards");

    /// <summary>An assembly of the module's load context, collected with it.</summary>
    private static ModuleBuilder CollectibleModule(AssemblyLoadContext context)
    {
        using var scope = context.EnterContextualReflection();
        return AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"RustIrc.Guards.{context.Name}"), AssemblyBuilderAccess.RunAndCollect).DefineDynamicModule("guards");
    }

    private static GuardShape Make(Type service, ModuleBuilder module)
    {
        if (!service.IsInterface || !(service.IsPublic || service.IsNestedPublic))
        {
            throw new ArgumentException($"{service.Name} is not a public interface: services are provided as public interfaces so calls can be guarded.");
        }
        Type[] interfaces = [service, .. service.GetInterfaces()];
        var methods = interfaces
            .SelectMany(i => i.GetMethods())
            .Where(m => !m.IsStatic && m.IsVirtual && !m.IsFinal) // default implementations are guarded too
            .ToArray();
        if (methods.FirstOrDefault(m => m.IsGenericMethodDefinition) is { } generic)
        {
            throw new ArgumentException($"{service.Name}.{generic.Name} is generic: a service interface cannot have generic methods, as the permission guard implements each method itself.");
        }
        var requirements = methods.Select(Requirement.Of).ToArray();

        var type = module.DefineType(
            "Guard." + service.FullName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(PermissionGuard));
        foreach (var implemented in interfaces) type.AddInterfaceImplementation(implemented);
        type.DefineDefaultConstructor(MethodAttributes.Public);
        for (var i = 0; i < methods.Length; i++) Implement(type, methods[i], i, requirements[i]);
        return new GuardShape(service, type.CreateType(), methods, requirements);
    }

    private static void Implement(TypeBuilder type, MethodInfo method, int index, Requirement[] requirements)
    {
        var parameters = method.GetParameters();
        var implementation = type.DefineMethod(
            $"{method.DeclaringType!.FullName}.{method.Name}",
            MethodAttributes.Private | MethodAttributes.HideBySig | MethodAttributes.NewSlot | MethodAttributes.Virtual | MethodAttributes.Final,
            CallingConventions.HasThis,
            method.ReturnType, method.ReturnParameter.GetRequiredCustomModifiers(), method.ReturnParameter.GetOptionalCustomModifiers(),
            parameters.Select(p => p.ParameterType).ToArray(),
            parameters.Select(p => p.GetRequiredCustomModifiers()).ToArray(),
            parameters.Select(p => p.GetOptionalCustomModifiers()).ToArray());
        var il = implementation.GetILGenerator();

        // A scoped permission is checked on its argument, which is replaced by the real path that was checked.
        for (var r = 0; r < requirements.Length; r++)
        {
            if (requirements[r].ScopeIndex is not int scoped) continue;
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, index);
            il.Emit(OpCodes.Ldc_I4, r);
            il.Emit(OpCodes.Ldarg, scoped + 1);
            il.Emit(OpCodes.Call, CheckScope);
            il.Emit(OpCodes.Starg, scoped + 1);
        }
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Call, Enter);
        il.Emit(OpCodes.Castclass, method.DeclaringType!);
        for (var p = 0; p < parameters.Length; p++) il.Emit(OpCodes.Ldarg, p + 1);
        il.Emit(OpCodes.Callvirt, method);
        if (method.ReturnType == typeof(IDisposable))
        {
            // A registration a service hands out (an attachment, a subscription) is owned by the consumer.
            var result = il.DeclareLocal(typeof(IDisposable));
            il.Emit(OpCodes.Stloc, result);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Call, OwnResult);
        }
        else if (method.ReturnType.IsInterface && typeof(IDisposable).IsAssignableFrom(method.ReturnType))
        {
            var result = il.DeclareLocal(method.ReturnType);
            il.Emit(OpCodes.Stloc, result);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Call, OwnAlongside);
            il.Emit(OpCodes.Castclass, method.ReturnType);
        }
        il.Emit(OpCodes.Ret);
        type.DefineMethodOverride(implementation, method);
    }
}

/// <summary>A guard class of one interface: its methods in the order the class numbers them, and what each requires.</summary>
internal sealed record GuardShape(Type Service, Type GuardType, MethodInfo[] Methods, Requirement[][] Requirements);

/// <summary>One permission a method needs; <see cref="ScopeIndex"/> names the argument a scoped permission is checked on.</summary>
internal sealed record Requirement(Permission Permission, int? ScopeIndex)
{
    public string Name => Permission.Name;

    /// <summary>The requirements of an interface method, with those of the property it is an accessor of.</summary>
    public static Requirement[] Of(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return AttributesOf(method)
            .Select(a =>
            {
                if (a.ScopeParameter is null) return new Requirement(new Permission(a.Name), null);
                var found = Array.FindIndex(parameters, p => p.Name == a.ScopeParameter);
                if (found < 0 || parameters[found].ParameterType != typeof(string))
                {
                    throw new ArgumentException($"{method.DeclaringType?.Name}.{method.Name} names scope parameter '{a.ScopeParameter}', which it does not have as a string.");
                }
                return new Requirement(new Permission(a.Name), found);
            })
            .ToArray();
    }

    private static IEnumerable<RequiresPermissionAttribute> AttributesOf(MethodInfo method)
    {
        var own = method.GetCustomAttributes<RequiresPermissionAttribute>();
        if (!method.IsSpecialName || method.DeclaringType is null) return own;
        var property = method.DeclaringType.GetProperties().FirstOrDefault(p => p.GetMethod == method || p.SetMethod == method);
        return property is null ? own : own.Concat(property.GetCustomAttributes<RequiresPermissionAttribute>());
    }
}
