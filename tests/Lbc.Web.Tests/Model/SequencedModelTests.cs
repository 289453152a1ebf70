using Lbc.Contracts;
using Lbc.Web.Model;
using Lbc.Web.Model.Live;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Model;

/// <summary>The browser's sequenced model (snapshot + numbered deltas + buffer + resync) driving the case-level view.</summary>
public sealed class SequencedModelTests
{
    [Fact]
    public void Offer_ContiguousDeltas_AppliedInOrder()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(10, Case("a")));

        Assert.Equal(DeltaOutcome.Applied, model.Offer(Delta(11, 12, cases: [Case("b")])));
        Assert.Equal(DeltaOutcome.Applied, model.Offer(Delta(13, 13, cases: [Case("a", stage: "dispatched")],
            institutions: [Institution("i1")], townships: [Township("210102001", overdue: 4)], indicators: Indicators(openCases: 2))));

        Assert.Equal(13, model.Sequence);
        Assert.Equal(["a", "b"], view.OpenCases.Select(c => c.CaseId).Order());
        Assert.Equal("dispatched", view.OpenCases.Single(c => c.CaseId == "a").Stage);
        Assert.Equal("i1", Assert.Single(view.Institutions).InstitutionId);
        Assert.Equal(4, Assert.Single(view.Townships).Figures[Figure.VisitOverdue]);
        Assert.Equal(2, view.Indicators![Figure.OpenCases]);
    }

    [Fact]
    public void Offer_StaleDelta_IgnoredAndStateUnchanged()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(10, Case("a", stage: "dispatched")));

        var outcome = model.Offer(Delta(9, 10, cases: [Case("a", stage: "received")]));

        Assert.Equal(DeltaOutcome.Ignored, outcome);
        Assert.Equal("dispatched", Assert.Single(view.OpenCases).Stage);
        Assert.Equal(10, model.Sequence);
    }

    [Fact]
    public void Offer_Gap_ReportsGapLeavesDataAndBuffersUntilNextSnapshot()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(10, Case("a")));

        var outcome = model.Offer(Delta(12, 12, cases: [Case("b")]));

        Assert.Equal(DeltaOutcome.Gap, outcome);
        Assert.True(model.AwaitingSnapshot);
        Assert.Equal(10, model.Sequence);
        Assert.Equal("a", Assert.Single(view.OpenCases).CaseId);
        Assert.Equal(DeltaOutcome.Buffered, model.Offer(Delta(13, 13)));
    }

    [Fact]
    public void Offer_CaseRemoved_DisappearsFromOpenCases()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(10, Case("a"), Case("b")));

        model.Offer(Delta(11, 11, removed: ["a"]));

        Assert.Equal("b", Assert.Single(view.OpenCases).CaseId);
    }

    [Fact]
    public void Offer_ClosedCaseUpsert_DisappearsFromOpenCases()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(10, Case("a"), Case("b")));

        model.Offer(Delta(11, 11, cases: [Case("a", closed: true)]));

        Assert.Equal("b", Assert.Single(view.OpenCases).CaseId);
    }

    [Fact]
    public void Offer_DuplicateDelta_Harmless()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(10, Case("a")));
        var batch = Delta(11, 11, cases: [Case("b")], removed: ["a"]);

        model.Offer(batch);
        var second = model.Offer(batch);

        Assert.Equal(DeltaOutcome.Ignored, second);
        Assert.Equal("b", Assert.Single(view.OpenCases).CaseId);
        Assert.Equal(11, model.Sequence);
    }

    [Fact]
    public void Load_BufferedDeltas_DropsCoveredAndAppliesFollowing()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        Assert.Equal(DeltaOutcome.Buffered, model.Offer(Delta(9, 10, cases: [Case("old")])));
        Assert.Equal(DeltaOutcome.Buffered, model.Offer(Delta(11, 11, cases: [Case("new")])));

        var loaded = model.Load(Snapshot(10, Case("a")));

        Assert.True(loaded);
        Assert.Equal(11, model.Sequence);
        Assert.Equal(["a", "new"], view.OpenCases.Select(c => c.CaseId).Order());
        Assert.Equal(0, model.BufferedCount);
    }

    [Fact]
    public void Load_BufferedDeltasWithGap_ReturnsFalseNeedsResync()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Offer(Delta(13, 13, cases: [Case("later")]));

        var loaded = model.Load(Snapshot(10, Case("a")));

        Assert.False(loaded);
        Assert.True(model.AwaitingSnapshot);
        Assert.Equal("a", Assert.Single(view.OpenCases).CaseId);
    }

    [Fact]
    public void OpenCases_MixedPriorities_SortedByPriorityThenReceived()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(1,
            Case("p3", priority: 3, received: Now.AddMinutes(-30)),
            Case("p1-new", priority: 1, received: Now.AddMinutes(-1)),
            Case("p1-old", priority: 1, received: Now.AddMinutes(-20)),
            Case("p2", priority: 2, received: Now.AddMinutes(-40))));

        Assert.Equal(["p1-old", "p1-new", "p2", "p3"], view.OpenCases.Select(c => c.CaseId));
    }

    [Fact]
    public void Institutions_AfterDelta_NewReferenceSoViewsRefresh()
    {
        var view = new CaseModel();
        var model = new SequencedModel<DashboardSnapshot, DeltaBatch>(view);
        model.Load(Snapshot(1));
        var before = view.Institutions;

        model.Offer(Delta(2, 2, institutions: [Institution("i1")]));

        Assert.NotSame(before, view.Institutions);
        Assert.Single(view.Institutions);
    }
}
