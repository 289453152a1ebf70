using System.Net;
using System.Text;
using Bunit;
using Lbc.Contracts;
using Lbc.Web.Components.Controls;
using Lbc.Web.Components.Pages;
using Lbc.Web.Model;
using Lbc.Web.Model.Live;
using Microsoft.Extensions.DependencyInjection;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Components;

/// <summary>The leading group's view and the sign-in page.</summary>
public sealed class AggregateViewTests : DashboardTestContext
{
    private const string TownshipCode = "210102001";

    [Fact]
    public void Render_SuppressedCounts_ShowAsLessThanFive_AndNoCaseList()
    {
        var model = new AggregateModel();
        model.Load(Snapshot(sequence: 4,
            townships: [new RegionFiguresDto(TownshipCode, Figures((Figure.Children, 12), (Figure.VisitedOnTime, 7), (Figure.VisitDueSoon, null), (Figure.VisitOverdue, 5), (Figure.StaleRecords, null), (Figure.SchoolAge, 9), (Figure.Paired, 8), (Figure.OpenDropouts, null)))]));

        var cut = Render<AggregateView>(ps => ps.Add(p => p.Model, model).Add(p => p.Regions, Regions));

        var row = cut.Find($"tr[data-region='{TownshipCode}']");
        Assert.Equal(["八经街道", "12", "7", "<5", "5", "<5", "9", "8", "<5", "0", "0"], row.QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Contains(cut.FindAll(".tile .value"), v => v.TextContent == "<5");
        Assert.Empty(cut.FindAll("tr.case-row"));
        Assert.Contains("<5", cut.Find(".suppressed-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AggregateModel_GapAfterSnapshot_AsksForResync_ThenAppliesTheNextInOrder()
    {
        var view = new AggregateModel();
        var model = new SequencedModel<AggregateSnapshot, AggregateDelta>(view);
        model.Load(Snapshot(sequence: 10, townships: [new RegionFiguresDto(TownshipCode, Figures((Figure.Children, 5), (Figure.VisitedOnTime, 5), (Figure.VisitDueSoon, 5), (Figure.VisitOverdue, 5), (Figure.StaleRecords, 5), (Figure.SchoolAge, 5), (Figure.Paired, 5), (Figure.OpenDropouts, 5)))]));

        Assert.Equal(DeltaOutcome.Applied, model.Offer(Delta(11, children: 6)));
        Assert.Equal(DeltaOutcome.Ignored, model.Offer(Delta(11, children: 99)));
        Assert.Equal(DeltaOutcome.Gap, model.Offer(Delta(13, children: 8)));
        Assert.True(model.AwaitingSnapshot);
        Assert.Equal(6, view.SubRegions.Single().Figures[Figure.Children]);
        Assert.Equal(DeltaOutcome.Buffered, model.Offer(Delta(14, children: 9)));
        Assert.True(model.Load(Snapshot(sequence: 13, townships: [new RegionFiguresDto(TownshipCode, Figures((Figure.Children, 8), (Figure.VisitedOnTime, 5), (Figure.VisitDueSoon, 5), (Figure.VisitOverdue, 5), (Figure.StaleRecords, 5), (Figure.SchoolAge, 5), (Figure.Paired, 5), (Figure.OpenDropouts, 5)))])));
        Assert.Equal(9, view.SubRegions.Single().Figures[Figure.Children]);
        Assert.Equal(14, model.Sequence);
    }

    [Fact]
    public void SignIn_WrongPassword_ShowsTheGenericMessage_AndSendsTheAntiforgeryHeader()
    {
        var handler = new RecordingHandler(HttpStatusCode.Unauthorized, """{"title":"Wrong username or password."}""");
        Services.AddSingleton(new HttpClient(new SameOriginHandler { InnerHandler = handler }) { BaseAddress = new Uri("http://localhost/") });
        Services.AddScoped<EarlyData>();
        Services.AddScoped<SessionClient>();
        var cut = Render<SignIn>();

        cut.Find("#username").Change("police.kangping");
        cut.Find("#password").Change("wrong");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("用户名或密码错误。", cut.Find(".signin-error").TextContent));
        var request = Assert.Single(handler.Requests);
        Assert.Equal(AuthRoutes.Login, request.Path);
        Assert.Equal(AuthRoutes.RequestedWithValue, request.RequestedWith);
        Assert.Empty(cut.Find("#password").GetAttribute("value") ?? "");
    }

    private static AggregateSnapshot Snapshot(long sequence, IReadOnlyList<RegionFiguresDto> townships) =>
        new(sequence, Now, "21", new ReplayProgress(true, "live", 1, 1),
            Figures((Figure.Children, 120), (Figure.VisitedOnTime, 100), (Figure.VisitDueSoon, null), (Figure.VisitOverdue, 7),
                (Figure.SchoolAge, 80), (Figure.Paired, 70), (Figure.OpenCases, null), (Figure.FreeBeds, 30)),
            townships, new RuleSettingsDto(31, 7, 92, 15, new Dictionary<string, int>()));

    private static AggregateDelta Delta(long sequence, int children) =>
        new(sequence, sequence, Now, null, [new RegionFiguresDto(TownshipCode, Figures((Figure.Children, children), (Figure.VisitedOnTime, 5), (Figure.VisitDueSoon, 5), (Figure.VisitOverdue, 5), (Figure.StaleRecords, 5), (Figure.SchoolAge, 5), (Figure.Paired, 5), (Figure.OpenDropouts, 5)))], null);

    private sealed class RecordingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<(string Path, string? RequestedWith)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!.AbsolutePath,
                request.Headers.TryGetValues(AuthRoutes.RequestedWithHeader, out var v) ? v.Single() : null));
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/problem+json") });
        }
    }
}
