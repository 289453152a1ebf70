using System.Globalization;
using Lbc.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Lbc.Web.Tests;

/// <summary>Builders for contract DTOs, with only what each test cares about spelled out.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    public static CaseDto Case(
        string id,
        int priority = 2,
        string category = "living_alone",
        string township = "210102001",
        DateTimeOffset? received = null,
        string stage = "received",
        string slaState = SlaStates.OnTrack,
        DateTimeOffset? nextDue = null,
        bool closed = false)
    {
        var receivedAt = received ?? Now.AddMinutes(-3);
        var due = nextDue ?? receivedAt.AddMinutes(5);
        var clockState = slaState == SlaStates.Breached ? SlaStates.Breached : SlaStates.Pending;
        return new CaseDto(id, category, priority, township, null, 123.4, 41.8, false, "school", receivedAt, stage, slaState,
            [new StageClockDto("acknowledged", due, null, clockState)], closed);
    }

    public static InstitutionDto Institution(string id, int capacity = 20, int occupied = 5) =>
        new(id, "沈阳市救助管理站", "relief_station", "210102", 123.43, 41.8, capacity, occupied, 0, true, 3);

    /// <summary>Figures with the given counts (null = suppressed), every other figure 0.</summary>
    public static Figures Figures(params (Figure Figure, int? Count)[] counts)
    {
        var builder = Lbc.Contracts.Figures.Build();
        foreach (var (figure, count) in counts)
        {
            if (count is { } n)
            {
                builder[figure] = n;
            }
            else
            {
                builder.Suppress(figure);
            }
        }
        return builder.ToFigures();
    }

    public static RegionFiguresDto Township(string code, int overdue = 0) => new(code, Figures(
        (Figure.Children, 10), (Figure.VisitedOnTime, 8), (Figure.VisitDueSoon, 1), (Figure.VisitOverdue, overdue),
        (Figure.SchoolAge, 6), (Figure.Paired, 6)));

    public static Figures Indicators(int openCases = 0) => Figures(
        (Figure.Children, 100), (Figure.VisitedOnTime, 80), (Figure.VisitDueSoon, 10), (Figure.VisitOverdue, 10),
        (Figure.StaleRecords, 5), (Figure.SchoolAge, 60), (Figure.Paired, 58), (Figure.OpenDropouts, 1),
        (Figure.OpenCases, openCases), (Figure.FreeBeds, 40));

    public static DashboardSnapshot Snapshot(long sequence, params CaseDto[] cases) =>
        new(sequence, Now, "21", new ReplayProgress(true, "live", 10, 10), Indicators(cases.Length), cases, [], [],
            new RuleSettingsDto(31, 7, 92, 15, new Dictionary<string, int>()));

    public static DeltaBatch Delta(long from, long to, CaseDto[]? cases = null, string[]? removed = null,
        InstitutionDto[]? institutions = null, RegionFiguresDto[]? townships = null, Figures? indicators = null, ReplayProgress? progress = null) =>
        new(from, to, Now, cases ?? [], removed ?? [], institutions ?? [], townships ?? [], indicators, progress);

    public static IReadOnlyDictionary<string, RegionDto> Regions { get; } = new Dictionary<string, RegionDto>
    {
        ["210102001"] = new("210102001", "八经街道", "210102", "township", 123.4, 41.8, true),
        ["210102002"] = new("210102002", "五里河街道", "210102", "township", 123.4, 41.8, true),
    };
}

/// <summary>A clock that stands still in UTC, so countdowns and times of day are exact (timers still tick, they only re-render).</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>Base for component tests: zh-CN (the neutral resources), localization, a fixed clock.</summary>
public abstract class DashboardTestContext : Bunit.BunitContext
{
    internal FixedTimeProvider Time { get; } = new(TestData.Now);

    protected DashboardTestContext()
    {
        SetCulture("zh-CN");
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(Time);
        // Pushes to the map and charts at once: the throttling itself is tested on CallbackThrottler.
        Services.AddSingleton(new Lbc.Web.Model.DashboardTimings
        {
            MapUpdateInterval = TimeSpan.FromMilliseconds(1),
            ChartUpdateInterval = TimeSpan.FromMilliseconds(1),
            ChartRefreshInterval = TimeSpan.FromMilliseconds(1),
        });
    }

    protected static void SetCulture(string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }
}
