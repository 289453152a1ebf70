namespace Lbc.Server.Feed;

/// <summary>The live feed's services: the per-scope queues and the publisher.</summary>
public static class FeedSetup
{
    public static IServiceCollection AddLiveFeed(this IServiceCollection services)
    {
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero, $"{FeedOptions.Section}:Interval must be positive")
            .Validate(o => o.QueueCapacity > 0, $"{FeedOptions.Section}:QueueCapacity must be positive")
            .Validate(o => o.SendTimeout > TimeSpan.Zero, $"{FeedOptions.Section}:SendTimeout must be positive")
            .Validate(o => o.UrgentInlineItems >= 0, $"{FeedOptions.Section}:UrgentInlineItems must not be negative")
            .Validate(o => o.MaxPayloadBytes is >= 1024 and <= Lbc.Contracts.OpsHub.MaxMessageBytes,
                $"{FeedOptions.Section}:MaxPayloadBytes must be between 1024 and {Lbc.Contracts.OpsHub.MaxMessageBytes}")
            .ValidateOnStart();
        services.AddSingleton<ScopedFeed>();
        services.AddSingleton<FeedPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedPublisher>());
        return services;
    }
}
