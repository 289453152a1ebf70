using Lbc.Contracts;
using Lbc.Server.Hosting;

namespace Lbc.Server.Tests.Access;

public sealed class SplitterTests
{
    [Fact]
    public void Split_LargeDelta_PartsUnder32KB_TogetherHoldEverythingOnce()
    {
        var cases = Enumerable.Range(0, 400).Select(i => new CaseDto($"R-{i:D4}", "missing", 1, "210123100", null, 123.4, 41.8, true, "school",
            DateTimeOffset.UnixEpoch, "received", SlaStates.OnTrack,
            [new StageClockDto("acknowledged", DateTimeOffset.UnixEpoch, null, SlaStates.Pending)], false)).ToList();
        var townships = Enumerable.Range(0, 900).Select(i => new TownshipStatsDto($"210123{i:D3}", i, 1, 2, 3, 4, 5, 6, 7)).ToList();
        var indicators = new IndicatorsDto(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, new Dictionary<string, int>());
        var delta = new DeltaBatch(0, 0, DateTimeOffset.UnixEpoch, cases, ["R-GONE"], [], townships, indicators, null);

        var parts = HubMessageSplitter.Split(delta).Cast<DeltaBatch>().ToList();

        Assert.True(parts.Count > 2);
        Assert.All(parts, p => Assert.True(HubMessageSplitter.SizeOf(p) <= OpsHub.MaxMessageBytes - 512));
        Assert.Equal(cases.Select(c => c.CaseId), parts.SelectMany(p => p.Cases).Select(c => c.CaseId));
        Assert.Equal(townships.Select(t => t.Code), parts.SelectMany(p => p.Townships).Select(t => t.Code));
        Assert.Equal(["R-GONE"], parts.SelectMany(p => p.CasesRemoved));
        Assert.Single(parts, p => p.Indicators is not null);
    }

    [Fact]
    public void Split_SmallDelta_IsLeftWhole()
    {
        var delta = new DeltaBatch(0, 0, DateTimeOffset.UnixEpoch, [], ["R-1"], [], [], null, null);

        Assert.Same(delta, Assert.Single(HubMessageSplitter.Split(delta)));
    }
}
