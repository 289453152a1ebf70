using Lbc.Domain.Cases;
using Lbc.Domain.Events;
using Lbc.Domain.Personal;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Personal;

/// <summary>
/// What the domain holds of personal data: a sealed blob it never opens (shape-checked, kept per case, out of every DTO),
/// the age band and the surname mask; and when a subject's key must live on or start expiring.
/// </summary>
public sealed class PersonalFactsTests
{
    private const string Sealed = "lbc-pd1.0123456789abcdef0123456789abcdef.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    [Theory]
    [InlineData("2020-06-01", "2026-05-31", AgeBand.Under6)]
    [InlineData("2020-06-01", "2026-06-01", AgeBand.From6To11)]
    [InlineData("2014-06-02", "2026-06-01", AgeBand.From6To11)]
    [InlineData("2014-06-01", "2026-06-01", AgeBand.From12To15)]
    [InlineData("2010-06-01", "2026-06-01", AgeBand.From16)]
    public void AgeBand_WholeYearsOnTheDay(string birth, string on, AgeBand band) =>
        Assert.Equal(band, PersonalVocabulary.BandOf(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("lbc-pd1.0123456789ABCDEF0123456789abcdef.AAAA")] // upper-case key id
    [InlineData("lbc-pd1.0123.AAAA")]
    [InlineData("lbc-pd2.0123456789abcdef0123456789abcdef.AAAA")]
    [InlineData("lbc-pd1.0123456789abcdef0123456789abcdef.王小明")]
    [InlineData("{\"child_name\":\"王小明\"}")]
    public void PersonalSealed_NotOfOurShape_IsRefusedNamingTheField(string value)
    {
        var s = new Scenario();
        var parsed = Geography.Parser.Parse(s.Events.Raw(EventTypes.ReportFiled, Report("pf-r-0", ("personal_sealed", value))), s.Now);

        Assert.Equal("data.personal_sealed: not a sealed blob of this dashboard (lbc-pd1.<key id>.<base64url>)", Assert.Single(parsed.Errors));
    }

    [Theory]
    [InlineData("王小明")]
    [InlineData("王")]
    [InlineData("诸葛亮＊＊")]
    public void DisplayMask_MoreThanASurnameAndTheMark_IsRefused(string mask)
    {
        var s = new Scenario();
        var parsed = Geography.Parser.Parse(s.Events.Raw(EventTypes.ReportFiled, Report("pf-r-1", ("display_mask", mask))), s.Now);

        Assert.StartsWith("data.display_mask:", Assert.Single(parsed.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void SealedReport_CaseKeepsTheBlobForTheReveal_DtoSaysOnlyThatThereIsOne()
    {
        var s = new Scenario();
        s.Apply(EventTypes.ReportFiled, Report("pf-r-2", ("personal_sealed", Sealed), ("age_band", "6_to_11"), ("display_mask", "王＊")));

        var dto = s.Case("pf-r-2");

        Assert.Equal((true, "6_to_11", "王＊"), (dto.HasPersonal, dto.AgeBand, dto.DisplayMask));
        Assert.Equal((Geography.ShenyangTownship, Sealed, "case:pf-r-2"), s.Projection.PersonalOf("pf-r-2"));
        Assert.DoesNotContain("lbc-pd1", System.Text.Json.JsonSerializer.Serialize(s.Snapshot(), Lbc.Contracts.ContractsJsonContext.Default.DashboardSnapshot),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Lifecycle_CaseOfAnUnknownChildExpiresFromItsClose_AChildsKeyFromItsExit_NewDataKeepsItLive()
    {
        var s = new Scenario();
        var report = s.Events.Build(EventTypes.ReportFiled, Report("pf-r-3", ("personal_sealed", Sealed)));
        s.Projection.Apply(report);
        var close = s.Events.Build(EventTypes.CaseClosed, new { report_id = "pf-r-3", outcome = "guardian_arranged" });
        s.Projection.Apply(close);
        s.Register("pf-c-1");
        var exit = s.Events.Build(EventTypes.ChildExited, new { child_id = "pf-c-1", reason = "turned_16" });
        s.Projection.Apply(exit);

        Assert.Equal(("case:pf-r-3", (DateTimeOffset?)null), s.Projection.PersonalLifecycle(report));
        Assert.Equal(("case:pf-r-3", (DateTimeOffset?)close.Meta.Ts), s.Projection.PersonalLifecycle(close));
        Assert.Equal(("child:pf-c-1", (DateTimeOffset?)exit.Meta.Ts), s.Projection.PersonalLifecycle(exit));
        Assert.Equal(CaseStage.Closed, s.State("pf-r-3").CurrentStage);
    }

    [Fact]
    public void Lifecycle_ReportOfAKnownChild_ClosingItLeavesTheChildsKeyAlone()
    {
        var s = new Scenario();
        s.Register("pf-c-2");
        s.Apply(EventTypes.ReportFiled, Report("pf-r-4", ("personal_sealed", Sealed), ("child_id", "pf-c-2")));
        var close = s.Events.Build(EventTypes.CaseClosed, new { report_id = "pf-r-4", outcome = "guardian_arranged" });
        s.Projection.Apply(close);

        Assert.Equal("child:pf-c-2", s.Projection.PersonalOf("pf-r-4")!.Value.Subject);
        Assert.Null(s.Projection.PersonalLifecycle(close));
    }

    private static Dictionary<string, object?> Report(string reportId, params (string Key, object? Value)[] extra) =>
        EventBuilder.Data([("report_id", reportId), ("township_code", Geography.ShenyangTownship), ("category", "injury"),
            ("reporter_type", "school"), .. extra]);
}
