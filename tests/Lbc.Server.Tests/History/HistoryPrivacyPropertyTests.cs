using Lbc.Contracts;
using Lbc.Domain.Regions;
using Lbc.Server.History;

namespace Lbc.Server.Tests.History;

/// <summary>
/// The leading group's history rule against an attacker who asks for every allowed step and subtracts: random minute
/// series (drifting through 0, the small counts and larger ones, with gaps), every pair of allowed steps, and the
/// attacker knowing how many minutes each bucket holds (the worst case). Nothing from 1 to 4 may come back.
/// </summary>
public sealed class HistoryPrivacyPropertyTests
{
    private static readonly HistoryMetric s_overdue = HistoryQueryParser.ByName["overdue"];

    /// <summary>A Thursday 00:00 UTC: a multiple of 7 days from the Unix epoch, so whole weeks follow.</summary>
    private static readonly DateTimeOffset s_start = HistoryPrivacy.BucketStart(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(7));

    private const int Weeks = 3;

    [Fact]
    public async Task Read_RandomSeriesEveryPairOfAllowedSteps_NoHiddenCountRecoverableBySubtraction()
    {
        var hiddenHours = 0;
        var shownCoarse = 0;
        var naiveLeaks = 0;
        for (var seed = 1; seed <= 24; seed++)
        {
            var reader = new MinuteReader(s_overdue, RandomMinutes(seed));
            var now = s_start.AddDays(7 * Weeks + 1);
            var answers = new Dictionary<TimeSpan, IReadOnlyList<HistoryPointDto>>();
            var naive = new Dictionary<TimeSpan, IReadOnlyList<HistoryPointDto>>();
            foreach (var step in HistoryPrivacy.FigureSteps)
            {
                var query = Query(step);
                answers[step] = await HistoryPrivacy.ReadAsync(reader, query, now, CancellationToken.None);
                // The rule before this one: each bucket alone, hidden when its own mean is small.
                naive[step] = [.. (await reader.QueryAsync(query, CancellationToken.None))
                    .Select(v => new HistoryPointDto(v.Time, HistoryPrivacy.IsSmall(v.Value) ? null : v.Value))];
            }
            hiddenHours += answers[TimeSpan.FromHours(1)].Count(p => p.V is null);

            foreach (var fine in HistoryPrivacy.FigureSteps)
            {
                foreach (var coarse in HistoryPrivacy.FigureSteps.Where(c => c > fine))
                {
                    Assert.Equal(0, coarse.Ticks % fine.Ticks);
                    var recovered = Attack(reader, answers[fine], answers[coarse], fine, coarse);
                    Assert.True(recovered.Count == 0,
                        $"seed {seed}, {fine} inside {coarse}: recovered hidden {string.Join(", ", recovered.Select(r => $"{r.Time:u}={r.Value:0.###}"))}");
                    shownCoarse += answers[coarse].Count(p => p.V is not null);
                    naiveLeaks += Attack(reader, naive[fine], naive[coarse], fine, coarse).Count;
                }
            }
        }
        // The data exercised the rule: hours were hidden, coarser buckets shown, and the old rule leaks on the same data.
        Assert.True(hiddenHours > 50, $"only {hiddenHours} hidden hours");
        Assert.True(shownCoarse > 50, $"only {shownCoarse} shown days and weeks");
        Assert.True(naiveLeaks > 0, "the attack found nothing even against the per-bucket rule: it proves nothing");
    }

    [Fact]
    public async Task Read_ShownCoarseBucket_EveryFinerBucketInsideItIsShown()
    {
        for (var seed = 100; seed < 110; seed++)
        {
            var reader = new MinuteReader(s_overdue, RandomMinutes(seed));
            var now = s_start.AddDays(7 * Weeks + 1);
            var hidden = new Dictionary<TimeSpan, HashSet<DateTimeOffset>>();
            foreach (var step in HistoryPrivacy.FigureSteps)
            {
                var answer = await HistoryPrivacy.ReadAsync(reader, Query(step), now, CancellationToken.None);
                hidden[step] = [.. answer.Where(p => p.V is null).Select(p => p.T)];
                foreach (var finer in HistoryPrivacy.FigureSteps.Where(f => f < step))
                {
                    foreach (var point in answer.Where(p => p.V is not null))
                    {
                        Assert.DoesNotContain(hidden[finer], t => t >= point.T && t < point.T + step);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Read_BucketStillFilling_NotAnsweredAndAnsweredBucketsNeverChangeAsTimePasses()
    {
        // Read every few minutes while the minutes arrive: a mean read twice over a growing bucket would give the newest
        // minute by subtraction; so a bucket is answered only once finished, and then its value stays.
        var minutes = RandomMinutes(7);
        var answered = new Dictionary<(TimeSpan, DateTimeOffset), double?>();
        for (var now = s_start.AddHours(20); now < s_start.AddDays(9); now = now.AddMinutes(53))
        {
            var reader = new MinuteReader(s_overdue, minutes, visibleBefore: now);
            foreach (var step in HistoryPrivacy.FigureSteps)
            {
                foreach (var point in await HistoryPrivacy.ReadAsync(reader, Query(step), now, CancellationToken.None))
                {
                    Assert.True(point.T + step <= now - HistoryPrivacy.FigureSettle, $"{step} bucket {point.T:u} answered at {now:u}");
                    if (answered.TryGetValue((step, point.T), out var before))
                    {
                        Assert.Equal(before, point.V);
                    }
                    answered[(step, point.T)] = point.V;
                }
            }
        }
        Assert.Contains(answered.Keys, k => k.Item1 == TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Read_Durations_WeekHiddenBelowFiveEventsShownFromFive()
    {
        var metric = HistoryQueryParser.ByName["response_seconds"];
        var random = new Random(3);
        var events = new List<(DateTimeOffset At, double Seconds)>();
        int[] perWeek = [1, 4, 5, 12, 0, 3];
        for (var w = 0; w < perWeek.Length; w++)
        {
            for (var i = 0; i < perWeek[w]; i++)
            {
                events.Add((s_start.AddDays(7 * w).AddMinutes(random.Next(7 * 1440)), random.Next(30, 900)));
            }
        }
        var reader = new MinuteReader(metric, [], events);
        var query = new HistoryQuery(metric, "2101", RegionLevel.City, "acknowledged", s_start, s_start.AddDays(7 * perWeek.Length),
            TimeSpan.FromDays(7), HistoryAggregate.Avg);

        var answer = await HistoryPrivacy.ReadAsync(reader, query, s_start.AddDays(7 * perWeek.Length + 2), CancellationToken.None);

        Assert.Equal([false, false, true, true, false], answer.Select(p => p.V is not null));   // the empty week is no bucket
        Assert.Equal(events.Where(e => e.At >= s_start.AddDays(14) && e.At < s_start.AddDays(21)).Average(e => e.Seconds), answer[2].V!.Value, 9);
    }

    [Theory]
    [InlineData("overdue", "90m", "avg", null, "step")]
    [InlineData("overdue", "15m", "avg", null, "step")]
    [InlineData("overdue", "1d", "last", null, "fn")]
    [InlineData("response_seconds", "1d", "avg", "on_scene", "step")]
    [InlineData("response_seconds", "7d", "last", "on_scene", "fn")]
    [InlineData("overdue", "1h", "avg", null, null)]
    [InlineData("occupancy", "7d", "avg", null, null)]
    [InlineData("placement_wait_seconds", "7d", "avg", "admitted", null)]
    public void Refusal_StepsThatDoNotNestAndLast_AreRefusedNamingTheParameter(string metric, string step, string fn, string? stage, string? refused)
    {
        var (query, errors) = HistoryQueryParser.Parse(metric, "2101", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", step, fn, stage,
            Metrics.HistoryTestData.Regions);
        Assert.Empty(errors);

        Assert.Equal(refused, HistoryPrivacy.Refusal(query!)?.Parameter);
    }

    /// <summary>
    /// For each shown coarse bucket: its total (mean x minutes) minus the shown finer buckets inside it leaves the hidden
    /// ones' total; where one finer bucket is hidden, that is its value. Returns the hidden values so recovered that are
    /// small counts (the attacker's success).
    /// </summary>
    private static List<(DateTimeOffset Time, double Value)> Attack(MinuteReader reader, IReadOnlyList<HistoryPointDto> fine,
        IReadOnlyList<HistoryPointDto> coarse, TimeSpan fineStep, TimeSpan coarseStep)
    {
        var recovered = new List<(DateTimeOffset, double)>();
        foreach (var c in coarse.Where(p => p.V is not null))
        {
            var inside = fine.Where(f => f.T >= c.T && f.T < c.T + coarseStep).ToList();
            var hidden = inside.Where(f => f.V is null).ToList();
            if (hidden.Count != 1)
            {
                continue;
            }
            var rest = c.V!.Value * reader.MinutesIn(c.T, coarseStep)
                - inside.Where(f => f.V is not null).Sum(f => f.V!.Value * reader.MinutesIn(f.T, fineStep));
            var value = rest / reader.MinutesIn(hidden[0].T, fineStep);
            if (HistoryPrivacy.IsSmall(Math.Round(value, 6)))
            {
                recovered.Add((hidden[0].T, value));
            }
        }
        return recovered;
    }

    private static HistoryQuery Query(TimeSpan step) =>
        new(s_overdue, "2101", RegionLevel.City, null, s_start, s_start.AddDays(7 * Weeks), step, HistoryAggregate.Avg);

    /// <summary>
    /// Three weeks of minutes: a level that jumps every hour and a half or so, plus noise. On most days it keeps clear of
    /// the small counts (5 and more), on the others it passes through them too; a few outages (missing minutes) so
    /// buckets hold different numbers of minutes.
    /// </summary>
    private static double?[] RandomMinutes(int seed)
    {
        var random = new Random(seed);
        var minutes = new double?[Weeks * 7 * 1440];
        int[] clear = [6, 9, 25];
        int[] any = [0, 0, 2, 3, 4, 6, 9, 25];
        var levels = clear;
        var level = clear[0];
        for (var m = 0; m < minutes.Length; m++)
        {
            if (m % 1440 == 0)
            {
                levels = random.Next(10) < 7 ? clear : any;
                level = levels[random.Next(levels.Length)];
            }
            if (random.Next(90) == 0)
            {
                level = levels[random.Next(levels.Length)];
            }
            var noise = level == 0 ? 0 : levels == clear ? random.Next(0, 2) : random.Next(-1, 2);
            minutes[m] = Math.Max(0, level + noise);
        }
        for (var outage = random.Next(1, 4); outage > 0; outage--)
        {
            var from = random.Next(minutes.Length);
            var length = random.Next(5, 300);
            for (var m = from; m < Math.Min(minutes.Length, from + length); m++)
            {
                minutes[m] = null;
            }
        }
        return minutes;
    }

    /// <summary>
    /// A history store in memory with the stores' bucket semantics (epoch-aligned, labelled by start, empty buckets left
    /// out): one figure by the minute from <see cref="s_start"/> (the figures it is judged by read as the same series),
    /// or duration events.
    /// </summary>
    private sealed class MinuteReader(HistoryMetric metric, double?[] minutes, IReadOnlyList<(DateTimeOffset At, double Seconds)>? events = null,
        DateTimeOffset? visibleBefore = null) : IHistoryReader
    {
        public string Kind => "memory";

        public int MinutesIn(DateTimeOffset bucket, TimeSpan step) =>
            Enumerable.Range(0, (int)step.TotalMinutes).Count(i => Minute(bucket.AddMinutes(i)) is not null);

        private double? Minute(DateTimeOffset t)
        {
            var index = (int)(t - s_start).TotalMinutes;
            return index < 0 || index >= minutes.Length || t >= visibleBefore ? null : minutes[index];
        }

        public Task<IReadOnlyList<HistoryValue>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
        {
            Assert.Equal(metric.IsDuration, query.Metric.IsDuration);
            var result = new List<HistoryValue>();
            for (var bucket = query.From; bucket < query.To; bucket += query.Step)
            {
                if (metric.IsDuration)
                {
                    var inside = events!.Where(e => e.At >= bucket && e.At < bucket + query.Step && e.At < (visibleBefore ?? DateTimeOffset.MaxValue)).ToList();
                    if (inside.Count > 0)
                    {
                        result.Add(new HistoryValue(bucket, inside.Average(e => e.Seconds), inside.Count));
                    }
                    continue;
                }
                var values = Enumerable.Range(0, (int)query.Step.TotalMinutes).Select(i => Minute(bucket.AddMinutes(i))).OfType<double>().ToList();
                if (values.Count > 0)
                {
                    result.Add(new HistoryValue(bucket, values.Average()));
                }
            }
            return Task.FromResult<IReadOnlyList<HistoryValue>>(result);
        }
    }
}
