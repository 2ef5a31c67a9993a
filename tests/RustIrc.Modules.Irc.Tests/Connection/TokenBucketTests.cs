using RustIrc.Modules.Irc.Connection;

namespace RustIrc.Modules.Irc.Tests.Connection;

public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_BurstOfFiveAtTwoPerSecond_GivesFiveAtOnceThenAsksToWaitHalfASecond()
    {
        var bucket = new TokenBucket(burst: 5, rate: 2);

        var first = Enumerable.Range(0, 5).Select(_ => bucket.TryTake()).ToList();
        var sixth = bucket.TryTake();

        Assert.All(first, wait => Assert.Equal(TimeSpan.Zero, wait));
        Assert.InRange(sixth, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void TryTake_AfterWaitingAsAsked_GivesTheNextToken()
    {
        var bucket = new TokenBucket(burst: 1, rate: 20);
        Assert.Equal(TimeSpan.Zero, bucket.TryTake());

        var wait = bucket.TryTake();
        Assert.True(wait > TimeSpan.Zero);
        Thread.Sleep(wait + TimeSpan.FromMilliseconds(5));

        Assert.Equal(TimeSpan.Zero, bucket.TryTake());
    }

    [Fact]
    public void TryTake_AfterALongIdle_GivesNoMoreThanTheBurst()
    {
        var bucket = new TokenBucket(burst: 3, rate: 4);
        for (var i = 0; i < 3; i++) bucket.TryTake();

        Thread.Sleep(TimeSpan.FromSeconds(1.2)); // long enough for about 5 tokens, but the bucket holds 3

        Assert.Equal(3, Enumerable.Range(0, 6).Count(_ => bucket.TryTake() == TimeSpan.Zero));
    }

    [Fact]
    public void TryTake_RateZero_NeverWaits()
    {
        var bucket = new TokenBucket(burst: 5, rate: 0);

        Assert.True(bucket.Unlimited);
        Assert.All(Enumerable.Range(0, 1000).Select(_ => bucket.TryTake()), wait => Assert.Equal(TimeSpan.Zero, wait));
    }

    [Fact]
    public void TryTake_BurstZero_StillLetsOneLineThrough()
    {
        var bucket = new TokenBucket(burst: 0, rate: 1);

        Assert.Equal(TimeSpan.Zero, bucket.TryTake());
        Assert.True(bucket.TryTake() > TimeSpan.Zero);
    }
}
