using Lbc.Server.Apis;

namespace Lbc.TestSupport;

/// <summary>The producer the tests post as: configured by <see cref="DashboardFactory"/> through its key's hash.</summary>
public static class TestProducers
{
    /// <summary>The producer id; the <c>src</c> of every event the tests post.</summary>
    public const string Id = "tests";

    public const string Key = "tests-producer-key-7f3a9c";

    /// <summary>Configuration that registers the test producer the production way (hash only).</summary>
    public static KeyValuePair<string, string?> Setting => new($"{ProducerKeys.Section}:{Id}:KeyHash", ProducerKeys.HashHex(Key));

    public static HttpRequestMessage Sign(HttpRequestMessage request)
    {
        request.Headers.Add(ProducerKeys.HeaderName, Key);
        return request;
    }
}
