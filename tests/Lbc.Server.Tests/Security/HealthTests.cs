using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// /healthz answers everyone (load balancers ask it), but only with status words: file paths, stream keys and
/// figures are for signed-in administrators.
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public async Task InitializeAsync() => await _factory.WaitUntilReadyAsync(_factory.CreateClient());

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Anonymous_StatusWordsOnly_WhereAnAdministratorSeesPathsAndFigures()
    {
        using var anonymous = _factory.CreateClient(new() { HandleCookies = false });
        using var police = await _factory.CreateClientAs(Roles.PoliceDutyOfficer, "21");
        using var admin = await _factory.CreateClientAs(Roles.Administrator, "21");

        var detailed = await admin.GetStringAsync(ApiRoutes.Health);
        var forAnyone = await anonymous.GetStringAsync(ApiRoutes.Health);
        var forPolice = await police.GetStringAsync(ApiRoutes.Health);

        // The administrator's answer names the data folder (the history store's file) and the projection's figures.
        Assert.Contains(JsonEncodedPath(), detailed, StringComparison.Ordinal);
        var projection = JsonDocument.Parse(detailed).RootElement.GetProperty("projection");
        Assert.True(projection.TryGetProperty("applied", out _));
        Assert.True(projection.GetProperty("ready").GetBoolean());
        AssertStatusWordsOnly(forAnyone);
        AssertStatusWordsOnly(forPolice);
    }

    private string JsonEncodedPath() => JsonEncodedText.Encode(Path.GetFullPath(_factory.DataDirectory)).ToString();

    private void AssertStatusWordsOnly(string body)
    {
        var health = JsonDocument.Parse(body).RootElement;
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        foreach (var component in health.GetProperty("components").EnumerateObject())
        {
            var property = Assert.Single(component.Value.EnumerateObject());
            Assert.Equal("status", property.Name);
        }
        // Readiness stays: load balancers and the test harness wait for it.
        var projection = Assert.Single(health.GetProperty("projection").EnumerateObject());
        Assert.Equal("ready", projection.Name);
        Assert.DoesNotContain(JsonEncodedPath(), body, StringComparison.Ordinal);
        Assert.DoesNotContain("sqlite", body, StringComparison.OrdinalIgnoreCase);
    }
}
