using Lbc.Domain.Registry;
using Lbc.Ledger.Commit;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Reading;
using Lbc.Ledger.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Lbc.Ledger.Tests.TestSupport;

/// <summary>The import as the server will run it: read, validate on the import day, compare, build events.</summary>
internal static class Pipeline
{
    public const string Src = "township-ledger-210123101";

    /// <summary>An April morning in Liaoning: the first quarter's ledger is being sent in.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 4, 8, 10, 0, 0, TimeSpan.FromHours(8)));

    public static DateOnly Today => LedgerDates.ChinaDay(Clock().GetUtcNow());

    public static LedgerValidator Validator { get; } = new(Geography.Catalog);

    public static LedgerValidation Validate(LedgerTable table, string jurisdiction = Geography.Township) =>
        Validator.Validate(table, jurisdiction, Today);

    public static LedgerPreview PreviewOf(byte[] file, string fileName, LedgerBaseline? baseline = null, string jurisdiction = Geography.Township) =>
        LedgerDiff.Compare(Validate(LedgerFileReader.Parse(file, fileName), jurisdiction), baseline ?? LedgerBaseline.Empty);

    public static LedgerPreview PreviewOf(TestLedger ledger, LedgerBaseline? baseline = null, string jurisdiction = Geography.Township) =>
        LedgerDiff.Compare(Validate(ledger.ReadCsv(), jurisdiction), baseline ?? LedgerBaseline.Empty);

    public static LedgerCommit CommitOf(LedgerPreview preview, LedgerCommitOptions? options = null, TimeProvider? time = null) =>
        LedgerEventBuilder.Build(preview, options ?? new LedgerCommitOptions(), Src, (time ?? Clock()).GetUtcNow());

    /// <summary>A child as the command center holds it: 小城子村, born 2016-05-14, entrusted, visited 2026-03-05.</summary>
    public static LedgerBaselineRecord Held(string childId, string village = Geography.Village, bool paired = false,
        bool dropoutOpen = false, DateOnly? lastVisit = null, GuardianArrangement guardian = GuardianArrangement.Entrusted,
        DateOnly? birth = null, bool active = true) =>
        new(childId, village, birth ?? new DateOnly(2016, 5, 14), LeftBehindKind.BothParentsAway, guardian, paired, dropoutOpen,
            lastVisit ?? new DateOnly(2026, 3, 5), active);
}
