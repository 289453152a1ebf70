using System.Globalization;
using Lbc.Contracts;
using F = Lbc.Server.Bulletins.Composition.BulletinFields;

namespace Lbc.Server.Bulletins.Composition;

/// <summary>
/// The bulletin's tables from a period's figures: the headline, the seven rankings of the sub-regions and the rule lines,
/// with their Chinese and English titles. A rate of a hidden count is hidden, as on screen; a rate of nothing is none.
/// </summary>
public static class BulletinIndicators
{
    /// <summary>The overdue-rate classes of the choropleth, as the dashboard's map colours them (green to red).</summary>
    public static IReadOnlyList<MapClass> OverdueClasses { get; } =
    [
        new(0, 0.05, "#1a9850"), new(0.05, 0.10, "#91cf60"), new(0.10, 0.15, "#fee08b"), new(0.15, 0.25, "#fc8d59"),
        new(0.25, double.PositiveInfinity, "#d73027"),
    ];

    public const string HiddenColor = "#c8ccd2";

    public static BulletinValue Rate(IReadOnlyDictionary<string, BulletinValue> row, string part, string whole, double scale = 1)
    {
        var p = row.GetValueOrDefault(part, BulletinValue.None);
        var w = row.GetValueOrDefault(whole, BulletinValue.None);
        if (p.Hidden || w.Hidden)
        {
            return BulletinValue.Suppressed;
        }
        return p.Value is { } pv && w.Value is { } wv && wv > 0 ? BulletinValue.Of(pv / wv * scale) : BulletinValue.None;
    }

    private static BulletinValue Get(IReadOnlyDictionary<string, BulletinValue> row, string key) =>
        row.GetValueOrDefault(key, BulletinValue.None);

    /// <summary>Mean seconds to a stage, in minutes.</summary>
    private static BulletinValue Minutes(IReadOnlyDictionary<string, BulletinValue> row, string stage) =>
        Get(row, F.ResponseKey(stage)) is { Value: { } seconds } ? BulletinValue.Of(seconds / 60) : Get(row, F.ResponseKey(stage));

    private static double? Sla(RuleSettingsDto rules, string stage) =>
        rules.StageSlaMinutes.TryGetValue(stage, out var minutes) && minutes > 0 ? minutes : null;

    public static IReadOnlyList<Indicator> Headline(IReadOnlyDictionary<string, BulletinValue> now, IReadOnlyDictionary<string, BulletinValue> before,
        RuleSettingsDto rules)
    {
        Indicator Count(string key, string zh, string en, bool worse) => new(key, zh, en, BulletinUnit.Count, worse, Get(now, key), Get(before, key));
        Indicator Share(string key, string zh, string en, bool worse, string part, string whole, double scale = 1, BulletinUnit unit = BulletinUnit.Percent) =>
            new(key, zh, en, unit, worse, Rate(now, part, whole, scale), Rate(before, part, whole, scale));

        var list = new List<Indicator>
        {
            Count(F.Children, "留守儿童数", "Left-behind children", false),
            Share("visited_on_time_rate", "按时走访率", "Visits on time", false, F.VisitedOnTime, F.Children),
            Count(F.Overdue, "走访逾期人数", "Overdue visits", true),
            Share("overdue_rate", "走访逾期率", "Overdue rate", true, F.Overdue, F.Children),
            Count(F.Stale, "台账超期未更新", "Stale records", true),
            Count(F.LateTownships, "季报逾期乡镇", "Late townships", true),
            Share("pairing_coverage", "结对帮扶覆盖率", "Pairing coverage", false, F.Paired, F.SchoolAge),
            Count(F.HeadlineCounts[0], "未返校辍学", "Open dropouts", true),
            Count(F.HeadlineCounts[1], "未结案件", "Open cases", true),
            Count(F.HeadlineCounts[2], "超时案件", "Cases past an SLA", true),
            Share("mandated_per_thousand", "强制报告每千名儿童", "Mandated reports per 1,000 children", false,
                F.MandatedSum, F.Children, 1000, BulletinUnit.PerThousand),
        };
        foreach (var stage in F.ResponseStages)
        {
            var (zh, en) = StageName(stage);
            list.Add(new Indicator(F.ResponseKey(stage), $"接报至{zh}用时（分钟）", $"Minutes to {en}", BulletinUnit.Minutes, true,
                Minutes(now, stage), Minutes(before, stage), Sla(rules, stage)));
        }
        return list;
    }

    public static (string Chinese, string English) StageName(string stage) => stage switch
    {
        "acknowledged" => ("受理", "acknowledged"),
        "dispatched" => ("派警", "dispatched"),
        "on_scene" => ("到场", "on scene"),
        "parents_contacted" => ("联系父母", "parents contacted"),
        "township_notified" => ("通报乡镇", "township notified"),
        "assessment_opened" => ("启动评估", "assessment opened"),
        "assessment_completed" => ("完成评估", "assessment completed"),
        "search_started" => ("启动查找", "search started"),
        "child_found" => ("找到儿童", "child found"),
        "child_escorted" => ("护送儿童", "child escorted"),
        _ => (stage, stage),
    };

    /// <summary>The seven rankings of the sub-regions (DOMAIN.md's indicators at every level); empty for a township.</summary>
    public static IReadOnlyList<Ranking> Rankings(IReadOnlyList<(string Code, string Name)> subRegions,
        IReadOnlyList<Dictionary<string, BulletinValue>> rows, RuleSettingsDto rules, Func<string, int> townshipCount)
    {
        if (subRegions.Count == 0)
        {
            return [];
        }
        RankingColumn Col(string key, string zh, string en, BulletinUnit unit) => new(key, zh, en, unit);
        Ranking Make(string key, string zh, string en, bool worse, RankingColumn[] columns, Func<string, Dictionary<string, BulletinValue>, BulletinValue[]> cells,
            string? noteZh = null, string? noteEn = null)
        {
            var sort = columns.Length - 1;
            var made = subRegions.Select((s, i) => (s.Code, s.Name, Cells: cells(s.Code, rows[i]))).ToList();
            var ranked = made.Where(r => r.Cells[sort].Value is not null)
                .OrderBy(r => (worse ? 1 : -1) * r.Cells[sort].Value!.Value).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
            var unranked = made.Where(r => r.Cells[sort].Value is null).OrderBy(r => r.Code, StringComparer.Ordinal);
            var list = ranked.Select((r, i) => new RankingRow(i + 1, r.Code, r.Name, r.Cells))
                .Concat(unranked.Select(r => new RankingRow(null, r.Code, r.Name, r.Cells))).ToList();
            return new Ranking(key, zh, en, columns, sort, worse, list, noteZh, noteEn);
        }

        var children = Col(F.Children, "留守儿童数", "Children", BulletinUnit.Count);
        var onScene = Sla(rules, "on_scene");
        return
        [
            Make("visits_on_time", "按时走访率排名", "Visits on time", false,
                [children, Col(F.VisitedOnTime, "按时走访", "Visited on time", BulletinUnit.Count), Col("rate", "按时走访率", "Rate", BulletinUnit.Percent)],
                (_, r) => [Get(r, F.Children), Get(r, F.VisitedOnTime), Rate(r, F.VisitedOnTime, F.Children)]),
            Make("overdue_rate", "走访逾期率排名", "Overdue rate", true,
                [children, Col(F.Overdue, "走访逾期", "Overdue", BulletinUnit.Count), Col("rate", "逾期率", "Rate", BulletinUnit.Percent)],
                (_, r) => [Get(r, F.Children), Get(r, F.Overdue), Rate(r, F.Overdue, F.Children)]),
            Make("stale_records", "台账超期未更新排名", "Stale records", true,
                [children, Col(F.Stale, "超期未更新", "Stale", BulletinUnit.Count), Col("rate", "占比", "Share", BulletinUnit.Percent)],
                (_, r) => [Get(r, F.Children), Get(r, F.Stale), Rate(r, F.Stale, F.Children)]),
            Make("late_townships", "季报逾期乡镇排名", "Late townships", true,
                [Col("townships", "乡镇数", "Townships", BulletinUnit.Count), Col(F.LateTownships, "逾期乡镇", "Late", BulletinUnit.Count),
                 Col("rate", "逾期占比", "Share", BulletinUnit.Percent)],
                (code, r) =>
                {
                    var total = townshipCount(code);
                    var late = Get(r, F.LateTownships);
                    return [BulletinValue.Of(total), late, late.Hidden ? BulletinValue.Suppressed : late.Value is { } l ? BulletinValue.Of(l / total) : BulletinValue.None];
                }),
            Make("pairing_coverage", "结对帮扶覆盖率排名", "Pairing coverage", false,
                [Col(F.SchoolAge, "学龄儿童", "School age", BulletinUnit.Count), Col(F.Paired, "已结对", "Paired", BulletinUnit.Count),
                 Col("rate", "覆盖率", "Coverage", BulletinUnit.Percent)],
                (_, r) => [Get(r, F.SchoolAge), Get(r, F.Paired), Rate(r, F.Paired, F.SchoolAge)]),
            Make("police_response", "公安出警用时排名", "Police response against the SLA", true,
                [Col("acknowledged", "受理（分钟）", "Acknowledged (min)", BulletinUnit.Minutes),
                 Col("dispatched", "派警（分钟）", "Dispatched (min)", BulletinUnit.Minutes),
                 Col("sla_share", "到场用时/时限", "On scene / SLA", BulletinUnit.Percent),
                 Col("on_scene", "到场（分钟）", "On scene (min)", BulletinUnit.Minutes)],
                (_, r) =>
                {
                    var scene = Minutes(r, "on_scene");
                    var share = scene.Hidden ? BulletinValue.Suppressed : scene.Value is { } m && onScene is { } sla ? BulletinValue.Of(m / sla) : BulletinValue.None;
                    return [Minutes(r, "acknowledged"), Minutes(r, "dispatched"), share, scene];
                },
                onScene is { } s ? string.Create(CultureInfo.InvariantCulture, $"到场时限 {s:0} 分钟；每周平均，少于5起的周不公布。") : null,
                onScene is { } s2 ? string.Create(CultureInfo.InvariantCulture, $"On-scene SLA {s2:0} min; weekly means, weeks of fewer than 5 cases withheld.") : null),
            Make("mandated_reports", "强制报告率排名", "Reports by mandated reporters per 1,000 children", false,
                [children, Col(F.MandatedSum, "强制报告数", "Mandated reports", BulletinUnit.Count),
                 Col("per_thousand", "每千名儿童", "Per 1,000 children", BulletinUnit.PerThousand)],
                (_, r) => [Get(r, F.Children), Get(r, F.MandatedSum), Rate(r, F.MandatedSum, F.Children, 1000)],
                "强制报告：学校、幼儿园、医疗机构、村（居）委会、社工机构、救助管理机构、福利机构近90天的报告。",
                "Mandated reporters: schools, kindergartens, medical institutions, village committees, social work, relief and welfare institutions; reports of the last 90 days."),
        ];
    }

    public static IReadOnlyList<RuleLine> RuleLines(RuleSettingsDto rules, bool aggregatesOnly)
    {
        static string N(double v, string unit) => v.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit;
        var lines = new List<RuleLine>
        {
            new("走访间隔（超过即逾期）", "Visit interval (overdue beyond)", N(rules.VisitIntervalDays, "d")),
            new("即将到期提前", "Due soon within", N(rules.VisitDueSoonDays, "d")),
            new("台账超期未更新", "Ledger record stale after", N(rules.LedgerStaleDays, "d")),
            new("季报宽限期", "Quarterly report grace period", N(rules.LedgerGraceDays, "d")),
        };
        foreach (var (stage, minutes) in rules.StageSlaMinutes.OrderBy(s => s.Value))
        {
            var (zh, en) = StageName(stage);
            lines.Add(new($"时限：{zh}", $"SLA: {en}", N(minutes, "min")));
        }
        lines.Add(new("安置等待目标", "Placement wait target", N(rules.PlacementWaitTargetMinutes, "min")));
        if (aggregatesOnly)
        {
            lines.Add(new("小数抑制：少于5不公布", "Small counts below 5 withheld", "<5"));
        }
        return lines;
    }
}
