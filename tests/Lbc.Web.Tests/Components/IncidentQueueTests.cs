using Bunit;
using Lbc.Contracts;
using Lbc.Web.Components.Controls;
using Lbc.Web.Model;
using Microsoft.AspNetCore.Components;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Components;

/// <summary>The duty officer's queue as the console uses it: urgency order, clock colours, filters, keyboard, unseen rows.</summary>
public sealed class IncidentQueueTests : DashboardTestContext
{
    private static readonly RuleSettingsDto s_rules = new(31, 7, 92, 15, new Dictionary<string, int> { ["acknowledged"] = 5 });

    [Fact]
    public void Render_MissingChildBeingSearched_PinnedAboveEveryOtherCase()
    {
        CaseDto[] cases =
        [
            Case("violence", priority: 1, category: "domestic_violence", received: Now.AddMinutes(-9)),
            Case("search", priority: 1, category: "missing", received: Now.AddMinutes(-1)) with { Searching = true },
            Case("alone", priority: 2, received: Now.AddMinutes(-30)),
        ];

        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, cases));

        Assert.Equal(["search", "violence", "alone"], cut.FindAll("tr.case-row").Select(r => r.GetAttribute("data-case")));
        Assert.Contains("searching", cut.Find("tr[data-case=search]").ClassList);
    }

    [Fact]
    public void Render_SamePriority_BreachedBeforeOnTime_OrderStableWhenRowsUpdate()
    {
        CaseDto[] cases =
        [
            Case("older-fine", priority: 2, received: Now.AddMinutes(-4), nextDue: Now.AddMinutes(1)),
            Case("newer-late", priority: 2, received: Now.AddMinutes(-3), nextDue: Now.AddMinutes(-1)),
            Case("newest-fine", priority: 2, received: Now.AddMinutes(-1), nextDue: Now.AddMinutes(4)),
        ];
        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, cases));
        Assert.Equal(["newer-late", "older-fine", "newest-fine"], cut.FindAll("tr.case-row").Select(r => r.GetAttribute("data-case")));

        // A row updates (a new stage): the order does not jump.
        cut.Render(ps => ps.Add(p => p.Cases, [cases[0] with { Stage = "acknowledged", Version = 2 }, cases[1], cases[2]]));

        Assert.Equal(["newer-late", "older-fine", "newest-fine"], cut.FindAll("tr.case-row").Select(r => r.GetAttribute("data-case")));
        Assert.Equal("acknowledged", cut.Find("tr[data-case=older-fine]").GetAttribute("data-stage"));
    }

    [Theory]
    [InlineData(180, "clock-green")]   // 3 of 5 minutes left
    [InlineData(50, "clock-amber")]    // in the last fifth (under 1 minute)
    [InlineData(-30, "clock-red")]     // breached
    public void Render_StageClock_ColouredByTimeLeft(int secondsLeft, string expected)
    {
        var c = Case("x", received: Now.AddSeconds(secondsLeft - 300), nextDue: Now.AddSeconds(secondsLeft));

        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [c]).Add(p => p.Rules, s_rules));

        Assert.Contains(expected, cut.Find("td.clock").ClassList);
    }

    [Fact]
    public void Render_BreachedOnlyAndCategoryFilters_ShowOnlyMatchingRows()
    {
        CaseDto[] cases =
        [
            Case("late", category: "living_alone", received: Now.AddMinutes(-12), nextDue: Now.AddMinutes(-7)),
            Case("fine", category: "living_alone", received: Now.AddMinutes(-1), nextDue: Now.AddMinutes(4)),
            Case("missing", priority: 1, category: "missing", received: Now.AddMinutes(-1), nextDue: Now.AddMinutes(4)),
        ];
        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, cases));

        cut.Find("input[data-filter=breached]").Change(true);
        Assert.Equal(["late"], cut.FindAll("tr.case-row").Select(r => r.GetAttribute("data-case")));

        cut.Find("input[data-filter=breached]").Change(false);
        cut.Find("select[data-filter=category]").Change("missing");
        Assert.Equal(["missing"], cut.FindAll("tr.case-row").Select(r => r.GetAttribute("data-case")));
    }

    [Fact]
    public void Keyboard_DownDownThenA_AcknowledgesTheSecondRow_EnterOpensIt()
    {
        CaseDto[] cases = [Case("first", priority: 1), Case("second", priority: 2), Case("third", priority: 3)];
        (string CaseId, string Type)? acted = null;
        string? opened = null;
        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, cases)
            .Add(p => p.OnAction, EventCallback.Factory.Create<(string, string)>(this, a => acted = a))
            .Add(p => p.OnOpen, EventCallback.Factory.Create<string>(this, id => opened = id)));
        var queue = cut.Find(".queue");

        queue.KeyDown("ArrowDown");
        queue.KeyDown("ArrowDown");
        queue.KeyDown("a");

        Assert.Equal(("second", "case.acknowledged"), acted);
        Assert.Contains("selected", cut.Find("tr[data-case=second]").ClassList);

        cut.Find(".queue").KeyDown("ArrowUp");
        cut.Find(".queue").KeyDown("Enter");
        Assert.Equal("first", opened);
    }

    [Fact]
    public void Render_NewReportAfterLoad_HighlightedUntilSeen()
    {
        var alarm = new ReportAlarm();
        alarm.Observe([Case("old")]);
        alarm.Observe([Case("old"), Case("new")]);

        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [Case("old"), Case("new")]).Add(p => p.Alarm, alarm));

        Assert.Contains("unseen", cut.Find("tr[data-case=new]").ClassList);
        Assert.DoesNotContain("unseen", cut.Find("tr[data-case=old]").ClassList);
    }

    [Fact]
    public void Render_OfficerHandlingTheCase_NamedInTheRow()
    {
        var handling = new Dictionary<string, CaseHandlingNotice> { ["x"] = new("x", "wang.li", "王力", Now) };

        var cut = Render<CaseList>(ps => ps.Add(p => p.Cases, [Case("x")]).Add(p => p.Handling, handling));

        Assert.Contains("王力", cut.Find("td.stage").TextContent, StringComparison.Ordinal);
    }
}
