using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Server.Projection;
using Lbc.Server.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Server.Tests.Ledger;

/// <summary>The real server on Kestrel (real sockets, real request limits) and what a township user does with /api/ledger.</summary>
public sealed class LedgerServer : IAsyncDisposable
{
    private LedgerServer(KestrelDashboard dashboard) => Dashboard = dashboard;

    public KestrelDashboard Dashboard { get; }

    public static async Task<LedgerServer> StartAsync(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null) =>
        new(await KestrelDashboard.StartAsync(configure: configure));

    public async Task<HttpClient> ClientAsAsync(string role, string jurisdiction)
    {
        var client = Dashboard.NewClient();
        client.DefaultRequestHeaders.Add("Cookie", await Dashboard.SignInAsync(role, jurisdiction));
        client.DefaultRequestHeaders.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        return client;
    }

    /// <summary>Appends events as a producer would and waits until the projection applied them.</summary>
    public async Task SeedAsync(params RawEvent[] events)
    {
        var positions = await Dashboard.Factory.Log.AppendAsync(events);
        var host = Dashboard.Factory.Services.GetRequiredService<ProjectionHost>();
        Assert.True(await host.WaitUntilAppliedAsync(positions[^1], TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(file), "file", fileName);
        return await client.PostAsync(LedgerRoutes.Imports, form);
    }

    public static async Task<LedgerPreviewDto> PreviewAsync(HttpClient client, byte[] file, string fileName = "台账.csv")
    {
        using var response = await UploadAsync(client, file, fileName);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.LedgerPreviewDto))!;
    }

    /// <summary>Commits and polls the progress until the commit is done (or failed); the final progress.</summary>
    public static Task<LedgerProgressDto> CommitAsync(HttpClient client, string importId, LedgerCommitRequest request) =>
        CommitAsync(client, importId, request, HttpStatusCode.Accepted);

    private static async Task<LedgerProgressDto> CommitAsync(HttpClient client, string importId, LedgerCommitRequest request, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(LedgerRoutes.CommitOf(importId), request, ContractsJsonContext.Default.LedgerCommitRequest);
        Assert.Equal(expected, response.StatusCode);
        for (var i = 0; i < 600; i++)
        {
            var progress = (await client.GetFromJsonAsync(LedgerRoutes.ImportOf(importId), ContractsJsonContext.Default.LedgerProgressDto))!;
            if (progress.State is LedgerRoutes.Done or LedgerRoutes.Failed)
            {
                return progress;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The ledger commit did not finish");
    }

    /// <summary>The township's count of active children as the drill-down shows it.</summary>
    public static async Task<int> ChildrenOfAsync(HttpClient client, string township)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(RegionRoutes.FiguresOf(township)));
        return document.RootElement.GetProperty("figures").TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Number
            ? children.GetInt32()
            : 0;
    }

    /// <summary>Waits until the drill-down shows <paramref name="expected"/> children (the projection applies appended events shortly after).</summary>
    public static async Task<int> WaitForChildrenAsync(HttpClient client, string township, int expected)
    {
        var count = 0;
        for (var i = 0; i < 100 && (count = await ChildrenOfAsync(client, township)) != expected; i++)
        {
            await Task.Delay(50);
        }
        return count;
    }

    public async ValueTask DisposeAsync() => await Dashboard.DisposeAsync();
}
