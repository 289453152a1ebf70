using Bunit;
using Lbc.Contracts;
using Lbc.Web.Components.Controls;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Components;

public sealed class OpsMapTests : DashboardTestContext
{
    private readonly BunitJSModuleInterop _module;

    public OpsMapTests()
    {
        _module = JSInterop.SetupModule("./js/ops-map.js");
        _module.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_InitMapThenSetCasesWithoutNames()
    {
        CaseDto[] cases =
        [
            Case("late", priority: 2, category: "missing", nextDue: Now.AddMinutes(-1)),
            Case("ok", priority: 3, category: "guardian_neglect", nextDue: Now.AddMinutes(30)),
        ];

        var cut = Render<OpsMap>(ps => ps
            .Add(p => p.Cases, cases)
            .Add(p => p.Institutions, [Institution("i1", capacity: 20, occupied: 15)])
            .Add(p => p.Regions, Regions));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["setInstitutions"]));
        var names = _module.Invocations.Select(i => i.Identifier).ToList();
        Assert.True(names.IndexOf("initMap") < names.IndexOf("setCases"), string.Join(",", names));

        var init = Assert.Single(_module.Invocations["initMap"]);
        Assert.Equal(cut.Find(".ops-map").Id, init.Arguments[0]);
        // The county borders are the module's own business (loaded in the browser): only the id and the options go.
        Assert.Equal(2, init.Arguments.Count);

        var sent = Assert.Single(_module.Invocations["setCases"]);
        Assert.Equal(init.Arguments[0], sent.Arguments[0]);
        var markers = ((IEnumerable<OpsMap.MapCase>)sent.Arguments[1]!).ToList();
        Assert.Equal(["late", "ok"], markers.Select(m => m.Id));
        Assert.Equal(("失踪", "已接报", "八经街道", true, "#d32f2f"), (markers[0].Category, markers[0].Stage, markers[0].Township, markers[0].Breached, markers[0].Color));
        Assert.False(markers[1].Breached);

        var institution = Assert.Single((IEnumerable<OpsMap.MapInstitution>)_module.Invocations["setInstitutions"][0].Arguments[1]!);
        Assert.Equal((5, "救助管理站"), (institution.Free, institution.Kind));
    }

    [Fact]
    public void Render_CountyOfficer_MapOpensOnTheJurisdictionWithHeatOffButOffered()
    {
        var cut = Render<OpsMap>(ps => ps
            .Add(p => p.Cases, [])
            .Add(p => p.Institutions, [])
            .Add(p => p.Focus, "210123"));

        var options = (OpsMap.MapOptions)Assert.Single(_module.Invocations["initMap"]).Arguments[1]!;
        Assert.Equal("210123", options.Focus);
        Assert.False(options.ShowHeat);
        Assert.False(options.HeatOnly);
        Assert.Equal("走访逾期热力", options.Labels.Heat);
    }

    [Fact]
    public void Render_MapStillLoadingBorders_NoDataPushedYetAndLoadingShown()
    {
        _module.Setup<bool?>("initMap", _ => true); // never completes

        var cut = Render<OpsMap>(ps => ps.Add(p => p.Cases, [Case("a")]).Add(p => p.Institutions, []));

        Assert.Single(_module.Invocations["initMap"]);
        Assert.Empty(_module.Invocations["setCases"]);
        Assert.NotNull(cut.Find(".ops-map-overlay"));
    }

    [Fact]
    public void Render_MapReady_LoadingGoneAndNoBorderError()
    {
        _module.Setup<bool?>("initMap", _ => true).SetResult(true);

        var cut = Render<OpsMap>(ps => ps.Add(p => p.Cases, [Case("a")]).Add(p => p.Institutions, []));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".ops-map-overlay")));
        Assert.Single(_module.Invocations["setCases"]);
        Assert.Empty(cut.FindAll(".geo-error"));
    }

    [Fact]
    public void Render_BordersFailedToLoad_CasesStillDrawnAndErrorShown()
    {
        _module.Setup<bool?>("initMap", _ => true).SetResult(false);

        var cut = Render<OpsMap>(ps => ps.Add(p => p.Cases, [Case("a")]).Add(p => p.Institutions, []));

        cut.WaitForAssertion(() => Assert.Equal("地图数据加载失败", cut.Find(".geo-error").TextContent));
        var sent = Assert.Single(_module.Invocations["setCases"]);
        Assert.Equal(["a"], ((IEnumerable<OpsMap.MapCase>)sent.Arguments[1]!).Select(m => m.Id));
    }

    [Fact]
    public void Render_FirstDraw_RaisesOnDrawnOnceAfterTheCasesWereSent()
    {
        var drawn = new List<int>();
        var cut = Render<OpsMap>(ps => ps
            .Add(p => p.Cases, [Case("a")])
            .Add(p => p.Institutions, [])
            .Add(p => p.OnDrawn, () => drawn.Add(_module.Invocations["setCases"].Count)));
        cut.WaitForAssertion(() => Assert.Equal([1], drawn));

        cut.Render(ps => ps.Add(p => p.Cases, [Case("a"), Case("b")]));

        cut.WaitForAssertion(() => Assert.Equal(2, _module.Invocations["setCases"].Count));
        Assert.Equal([1], drawn);
    }

    [Fact]
    public void FirstDraw_HandsOverOnce_AfterTheDataWasSentAndTheLoadingStateRemoved()
    {
        // The page painted before the runtime booted (js/early.js) gives way only once this map shows the data.
        var cut = Render<OpsMap>(ps => ps.Add(p => p.Cases, [Case("a")]).Add(p => p.Institutions, []));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["handOver"]));
        var names = _module.Invocations.Select(i => i.Identifier).ToList();
        Assert.True(names.IndexOf("setCases") < names.IndexOf("handOver"), string.Join(",", names));
        Assert.True(names.IndexOf("setInstitutions") < names.IndexOf("handOver"), string.Join(",", names));
        Assert.Equal(cut.Find(".ops-map").Id, _module.Invocations["handOver"][0].Arguments[0]);
        Assert.Empty(cut.FindAll(".ops-map-overlay"));

        cut.Render(ps => ps.Add(p => p.Cases, [Case("a"), Case("b")]));
        cut.WaitForAssertion(() => Assert.Equal(2, _module.Invocations["setCases"].Count));
        Assert.Single(_module.Invocations["handOver"]);
    }

    [Fact]
    public void SetParameters_NewCases_PushedToMapAgain()
    {
        var cut = Render<OpsMap>(ps => ps.Add(p => p.Cases, [Case("a")]).Add(p => p.Institutions, []));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["setCases"]));

        cut.Render(ps => ps.Add(p => p.Cases, [Case("a"), Case("b")]));

        cut.WaitForAssertion(() => Assert.Equal(2, _module.Invocations["setCases"].Count));
        var latest = (IEnumerable<OpsMap.MapCase>)_module.Invocations["setCases"][1].Arguments[1]!;
        Assert.Equal(["a", "b"], latest.Select(m => m.Id));
        Assert.Single(_module.Invocations["initMap"]);
    }

    [Fact]
    public async Task DisposeAsync_AfterInit_DisposesMapInBrowser()
    {
        var cut = Render<OpsMap>(ps => ps.Add(p => p.Cases, []).Add(p => p.Institutions, []));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["initMap"]));

        await DisposeComponentsAsync();

        var dispose = Assert.Single(_module.Invocations["dispose"]);
        Assert.Equal(_module.Invocations["initMap"][0].Arguments[0], dispose.Arguments[0]);
    }
}
