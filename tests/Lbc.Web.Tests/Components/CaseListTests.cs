using Bunit;
using Lbc.Contracts;
using Lbc.Web.Components.Controls;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Components;

public sealed class CaseListTests : DashboardTestContext
{
    [Fact]
    public void Render_MixedCases_SortedByPriorityWithChineseCategories()
    {
        CaseDto[] cases =
        [
            Case("neglect", priority: 3, category: "guardian_neglect", received: Now.AddMinutes(-50)),
            Case("missing", priority: 1, category: "missing", received: Now.AddMinutes(-2)),
            Case("alone", priority: 2, category: "living_alone", received: Now.AddMinutes(-10)),
            Case("violence", priority: 1, category: "domestic_violence", received: Now.AddMinutes(-9)),
        ];

        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, cases).Add(p => p.Regions, Regions));

        var rows = cut.FindAll("tr.case-row");
        Assert.Equal(["violence", "missing", "alone", "neglect"], rows.Select(r => r.GetAttribute("data-case")));
        Assert.Equal(["家庭暴力", "失踪", "独居无人监护", "监护缺失/疏于照料"], cut.FindAll("td.category").Select(td => td.TextContent));
        Assert.All(cut.FindAll("td.township"), td => Assert.Equal("八经街道", td.TextContent));
        Assert.Equal("已接报", cut.FindAll("td.stage")[0].TextContent);
    }

    [Fact]
    public void Render_OverdueClock_RowMarkedBreachedAndShowsOverdueTime()
    {
        CaseDto[] cases =
        [
            Case("late", priority: 2, received: Now.AddMinutes(-12), nextDue: Now.AddMinutes(-7)),
            Case("fine", priority: 2, received: Now.AddMinutes(-1), nextDue: Now.AddMinutes(4)),
        ];

        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, cases).Add(p => p.Regions, Regions));

        var late = cut.Find("tr[data-case=late]");
        var fine = cut.Find("tr[data-case=fine]");
        Assert.Contains("breached", late.ClassList);
        Assert.DoesNotContain("breached", fine.ClassList);
        Assert.Equal("已受理 超时 07:00", late.QuerySelector("td.clock")!.TextContent);
        Assert.Equal("已受理 剩余 04:00", fine.QuerySelector("td.clock")!.TextContent);
    }

    [Fact]
    public void Render_ServerSaysBreached_RowMarkedBreached()
    {
        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [Case("x", slaState: SlaStates.Breached, nextDue: Now.AddMinutes(10))]));

        Assert.Contains("breached", cut.Find("tr.case-row").ClassList);
    }

    [Fact]
    public void Render_TimePasses_CountdownMovesOnRerender()
    {
        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [Case("x", nextDue: Now.AddMinutes(1))]));
        Assert.Equal("已受理 剩余 01:00", cut.Find("td.clock").TextContent);

        Time.Now = Now.AddMinutes(2);
        cut.Render();

        Assert.Equal("已受理 超时 01:00", cut.Find("td.clock").TextContent);
        Assert.Contains("breached", cut.Find("tr.case-row").ClassList);
    }

    [Fact]
    public void Render_EnglishCulture_EnglishLabels()
    {
        SetCulture("en");

        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [Case("m", category: "missing", stage: "dispatched")]));

        Assert.Equal("Missing", cut.Find("td.category").TextContent);
        Assert.Equal("Dispatched", cut.Find("td.stage").TextContent);
    }

    [Fact]
    public void Render_ReceivedToday_ShowsChinaTimeOfDay()
    {
        // 07:55 UTC is 15:55 in Liaoning, whatever zone the viewing machine is in.
        var received = Now.AddMinutes(-5);
        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [Case("x", received: received)]));

        Assert.Equal("15:55:00", cut.Find("td.received").TextContent);
    }

    [Fact]
    public void Render_UnknownTownship_ShowsCode()
    {
        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [Case("x", township: "211400999")]).Add(p => p.Regions, Regions));

        Assert.Equal("211400999", cut.Find("td.township").TextContent);
    }
}
