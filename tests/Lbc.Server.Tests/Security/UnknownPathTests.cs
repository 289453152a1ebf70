using System.Net;
using System.Text.Json;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// A path under /api or /hubs that names no endpoint is a 404 ProblemDetails, not the app's page with 200: a
/// client with a typo gets an honest error, and a probe cannot mistake the page for an answer.
/// </summary>
public sealed class UnknownPathTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient(new() { HandleCookies = false });
        await _factory.WaitUntilReadyAsync(_client);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/no-such-thing")]
    [InlineData("GET", "/api/cases/R-1/nothing/here")]
    [InlineData("POST", "/api/admin")]
    [InlineData("GET", "/api")]
    [InlineData("GET", "/hubs/other")]
    [InlineData("POST", "/hubs/ops2/negotiate")]
    public async Task UnknownApiOrHubPath_404ProblemDetails(string method, string path)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/signin")]
    [InlineData("/cases/R-1")]
    [InlineData("/province")]
    public async Task PageRoute_StillTheApp(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
