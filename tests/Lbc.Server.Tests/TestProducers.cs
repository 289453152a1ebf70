namespace Lbc.Server.Tests;

/// <summary>The producer credentials the tests post with (none are needed before producer keys land).</summary>
internal static class TestProducers
{
    public static HttpRequestMessage Sign(HttpRequestMessage request) => request;
}
