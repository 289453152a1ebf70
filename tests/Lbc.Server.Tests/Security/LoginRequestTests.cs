using System.Net;
using System.Text;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Security;

/// <summary>A body that is not a sign-in is the client's mistake: 400 (or 413) ProblemDetails, never a 500.</summary>
public sealed class LoginRequestTests : IAsyncLifetime
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
    [InlineData("{\"username\":")]
    [InlineData("{\"username\":\"a\",\"password\":\"b\"")]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"username\":42,\"password\":true}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Login_MalformedJson_400ProblemDetails(string body)
    {
        using var response = await PostAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_NotJson_400ProblemDetails()
    {
        using var response = await PostAsync("username=a&password=b", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Login_OversizedBody_413WithoutReadingItAll()
    {
        var body = "{\"username\":\"a\",\"password\":\"" + new string('x', 64 * 1024) + "\"}";

        using var response = await PostAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return await _client.SendAsync(request);
    }
}
