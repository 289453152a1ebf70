using System.Net;
using Bunit;
using Lbc.Contracts;
using Lbc.Web.Model;

namespace Lbc.Web.Tests.Model;

/// <summary>Who is signed in: from the answer the page asked for before boot (js/early.js) when there is one, else from the server.</summary>
public sealed class SessionClientTests : DashboardTestContext
{
    private const string PoliceJson =
        """{"username":"police.kangping","displayName":"康平县公安值班","role":"police_duty_officer","jurisdiction":"210123","jurisdictionName":"康平县"}""";

    [Fact]
    public async Task LoadAsync_PageAlreadyHasTheAnswer_UserKnownWithoutAskingTheServerAgain()
    {
        JSInterop.Setup<string?>("lbcEarly.take", i => (string?)i.Arguments[0] == EarlyData.Me).SetResult(PoliceJson);
        var handler = new CountingHandler(HttpStatusCode.Unauthorized, "");
        var session = new SessionClient(new HttpClient(handler) { BaseAddress = new Uri("http://localhost/") }, new EarlyData(JSInterop.JSRuntime));

        var user = await session.LoadAsync();

        Assert.Equal(("police.kangping", "210123"), (user?.Username, user?.Jurisdiction));
        Assert.Equal(0, handler.Requests);
    }

    [Fact]
    public async Task LoadAsync_PageGotNoAnswer_AsksTheServer_AndLaterCallsAlwaysAsk()
    {
        JSInterop.Setup<string?>("lbcEarly.take", i => (string?)i.Arguments[0] == EarlyData.Me).SetResult(null);
        var handler = new CountingHandler(HttpStatusCode.OK, PoliceJson);
        var session = new SessionClient(new HttpClient(handler) { BaseAddress = new Uri("http://localhost/") }, new EarlyData(JSInterop.JSRuntime));

        Assert.Equal("police.kangping", (await session.LoadAsync())?.Username);
        Assert.Equal("police.kangping", (await session.LoadAsync())?.Username);

        Assert.Equal(2, handler.Requests);
    }

    private sealed class CountingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            Assert.Equal(AuthRoutes.Me, request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
