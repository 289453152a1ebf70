using Lbc.Contracts;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>Deltas: what the hub pushes to every open dashboard after the snapshot.</summary>
public sealed class DeltaTests
{
    /// <summary>A big change: children in 60 townships, 12 cases (2 of them closed), 5 institutions.</summary>
    private static Scenario Populated()
    {
        var s = new Scenario();
        s.DrainAll();
        var townships = Geography.Catalog.Townships.Where(t => Geography.Catalog.VillagesIn(t.Code).Count > 0).Take(60).ToList();
        for (var i = 0; i < townships.Count; i++)
        {
            s.Register($"c-{i}", village: Geography.Catalog.VillagesIn(townships[i].Code)[0].Code);
        }
        for (var i = 0; i < 12; i++)
        {
            s.FileReport($"r-{i}", township: townships[i].Code);
        }
        s.Step(EventTypes.CaseClosed, "r-0", ("outcome", "resolved"));
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "resolved"));
        for (var i = 0; i < 5; i++)
        {
            s.RegisterInstitution($"inst-{i}", capacity: 10 + i);
        }
        return s;
    }

    private static int Weight(DeltaBatch b) =>
        b.CasesRemoved.Count + b.Cases.Count * CommandCenterProjection.CaseWeight + b.Institutions.Count + b.Townships.Count;

    [Fact]
    public void DrainDelta_SmallMaxWeight_SplitsIntoConsecutiveBatchesWhoseUnionIsTheFullChange()
    {
        var whole = Populated();
        var full = Assert.Single(whole.DrainAll(maxWeight: 100_000));
        var split = Populated();

        var batches = split.DrainAll(maxWeight: 20);

        Assert.True(batches.Count >= 5, $"expected several batches, got {batches.Count}");
        for (var i = 0; i < batches.Count; i++)
        {
            Assert.Equal(batches[0].FromSequence + i, batches[i].FromSequence);
            Assert.Equal(batches[i].FromSequence, batches[i].ToSequence);
            Assert.True(Weight(batches[i]) <= 20, $"batch {i} weighs {Weight(batches[i])}");
        }
        Assert.Equal(full.Townships.OrderBy(t => t.Code), batches.SelectMany(b => b.Townships).OrderBy(t => t.Code));
        Assert.Equal(full.Cases.Select(c => c.CaseId).Order(), batches.SelectMany(b => b.Cases).Select(c => c.CaseId).Order());
        Assert.Equal(full.CasesRemoved.Order(), batches.SelectMany(b => b.CasesRemoved).Order());
        Assert.Equal(full.Institutions.Select(i => i.InstitutionId).Order(),
            batches.SelectMany(b => b.Institutions).Select(i => i.InstitutionId).Order());
        Assert.Equal(60, full.Townships.Count);
        Assert.Equal(10, full.Cases.Count);
        Assert.Equal(2, full.CasesRemoved.Count);
        Assert.Equal(5, full.Institutions.Count);
    }

    [Fact]
    public void DrainDelta_SplitBatches_LastOneCarriesFinalIndicators()
    {
        var s = Populated();

        var last = s.DrainAll(maxWeight: 20)[^1];

        Assert.NotNull(last.Indicators);
        Assert.Equal(60, last.Indicators.ActiveChildren);
        Assert.Equal(10, last.Indicators.OpenCases);
        Assert.Equal(Enumerable.Range(10, 5).Sum(), last.Indicators.FreeBeds);
    }

    [Fact]
    public void Snapshot_Sequence_EqualsLastDrainedSequence()
    {
        var s = Populated();
        Assert.Equal(0, s.Snapshot().Sequence);

        var batches = s.DrainAll(maxWeight: 20);

        Assert.Equal(batches[^1].ToSequence, s.Snapshot().Sequence);
        Assert.Equal(batches[^1].ToSequence, s.Projection.Sequence);
        Assert.Null(s.Projection.DrainDelta());
        Assert.Equal(batches[^1].ToSequence, s.Snapshot("2101").Sequence);
    }

    [Fact]
    public void DrainDelta_NothingChanged_ReturnsNull()
    {
        var s = new Scenario();
        s.DrainAll();

        s.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(s.Projection.DrainDelta());
    }

    [Fact]
    public void DrainDelta_WithProgressOnly_ReturnsNumberedBatchCarryingProgress()
    {
        var s = new Scenario();
        s.DrainAll();
        var progress = new ReplayProgress(false, "replay", 10, 100);

        var batch = s.Projection.DrainDelta(progress);

        Assert.NotNull(batch);
        Assert.Equal(progress, batch.Progress);
        Assert.Equal(s.Projection.Sequence, batch.ToSequence);
    }

    [Fact]
    public void DrainDelta_CaseChangedTwiceBeforeDrain_SentOnceWithLatestState()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Step(EventTypes.CaseAcknowledged, "r-1");
        s.Step(EventTypes.CaseDispatched, "r-1");

        var batch = Assert.Single(s.DrainAll());

        var dto = Assert.Single(batch.Cases);
        Assert.Equal("dispatched", dto.Stage);
    }

    [Fact]
    public void DrainDelta_CaseOpenedAndClosedBeforeDrain_OnlyInCasesRemoved()
    {
        var s = new Scenario();
        s.FileReport("r-1");
        s.Step(EventTypes.CaseClosed, "r-1", ("outcome", "resolved"));

        var batch = Assert.Single(s.DrainAll());

        Assert.Empty(batch.Cases);
        Assert.Equal(["r-1"], batch.CasesRemoved);
    }

    [Fact]
    public void DrainDelta_MaxWeightBelowCaseWeight_StillDeliversTheCase()
    {
        var s = new Scenario();
        s.FileReport("r-1");

        var batches = s.DrainAll(maxWeight: CommandCenterProjection.CaseWeight - 1);

        Assert.Equal("r-1", Assert.Single(batches.SelectMany(b => b.Cases)).CaseId);
    }
}
