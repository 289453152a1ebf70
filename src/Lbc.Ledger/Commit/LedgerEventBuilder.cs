using System.Buffers;
using System.Text;
using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.Domain.Registry;
using Lbc.Ledger.Preview;
using Lbc.Ledger.Validation;

namespace Lbc.Ledger.Commit;

/// <summary>
/// Turns a preview and the user's choices into catalog v1 events (docs/events.md), in the order the projection needs:
/// per child the registration or update first, then pairing, dropout and visit; then the confirmed exits; last one
/// <c>ledger.submitted</c> per township the file covers. No event carries a personal value.
/// </summary>
public static class LedgerEventBuilder
{
    /// <param name="src">The producer id the events carry (e.g. <c>township-ledger-210123101</c>).</param>
    /// <param name="now">The import time: every event's <c>ts</c>.</param>
    /// <exception cref="LedgerCommitException">The file cannot be imported with these choices.</exception>
    public static LedgerCommit Build(LedgerPreview preview, LedgerCommitOptions options, string src, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(preview);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(src);
        var validation = preview.Validation;
        var quarter = options.Quarter ?? LedgerQuarter.Of(validation.ImportDate);
        Check(preview, options, quarter);

        var ts = EventTimestamps.Format(now);
        var events = new List<RawEvent>();
        var personal = new Dictionary<string, PersonalFields>(StringComparer.Ordinal);
        var updates = preview.Updated.ToDictionary(u => u.Record.ChildId, StringComparer.Ordinal);
        var added = preview.NewChildren.Select(r => r.ChildId).ToHashSet(StringComparer.Ordinal);
        var visits = Ids(preview.Visits);
        var pairings = Ids(preview.Pairings);
        var reported = Ids(preview.DropoutsReported);
        var returned = Ids(preview.DropoutsReturned);

        foreach (var record in validation.Records)
        {
            var id = record.ChildId;
            var prior = LedgerEventIds.Prior(preview.Before.GetValueOrDefault(id));
            var core = LedgerEventIds.Core(record);
            var t = record.TownshipCode;
            personal[id] = record.Personal;
            // child.updated has no birth_date: a corrected birth date is sent as a registration, which for an
            // active child is an update (docs/events.md) that carries every field.
            if (added.Contains(id) || (updates.TryGetValue(id, out var update) && update.Changed.Contains(LedgerField.BirthDate)))
            {
                events.Add(Make(LedgerEventIds.For(t, quarter, "reg", core, prior), EventTypes.ChildRegistered, ts, src, w =>
                {
                    w.WriteString("child_id", id);
                    w.WriteString("village_code", record.VillageCode);
                    w.WriteString("birth_date", LedgerEventIds.Day(record.BirthDate));
                    w.WriteString("kind", RegistryVocabulary.Kinds.WordOf(record.Kind));
                    w.WriteString("guardian", RegistryVocabulary.Guardians.WordOf(record.Guardian));
                }));
            }
            else
            {
                // Unchanged children are confirmed too: the quarterly update is what keeps a record from going
                // stale (92 days), and ledger.submitted does not refresh the children.
                events.Add(Make(LedgerEventIds.For(t, quarter, "upd", core, prior), EventTypes.ChildUpdated, ts, src, w =>
                {
                    w.WriteString("child_id", id);
                    w.WriteString("village_code", record.VillageCode);
                    w.WriteString("kind", RegistryVocabulary.Kinds.WordOf(record.Kind));
                    w.WriteString("guardian", RegistryVocabulary.Guardians.WordOf(record.Guardian));
                }));
            }
            if (pairings.Contains(id))
            {
                events.Add(Make(LedgerEventIds.For(t, quarter, "pair", id, record.TeacherId), EventTypes.PairingAssigned, ts, src, w =>
                {
                    w.WriteString("child_id", id);
                    w.WriteString("teacher_id", record.TeacherId);
                }));
            }
            if (reported.Contains(id) || returned.Contains(id))
            {
                var (kind, type) = reported.Contains(id) ? ("dropout", EventTypes.DropoutReported) : ("return", EventTypes.DropoutReturned);
                events.Add(Make(LedgerEventIds.For(t, quarter, kind, id, prior), type, ts, src, w => w.WriteString("child_id", id)));
            }
            if (visits.Contains(id) && record.LastVisit is DateOnly visit)
            {
                events.Add(Make(LedgerEventIds.For(t, quarter, "visit", id, LedgerEventIds.Day(visit), record.VisitorId), EventTypes.VisitRecorded, ts, src, w =>
                {
                    w.WriteString("child_id", id);
                    w.WriteString("visitor_id", record.VisitorId);
                    // The ledger has no finding column; concerns are recorded through the visit app.
                    w.WriteString("finding", "ok");
                    // Midnight China time: the visit's day, and never in the future on the import day.
                    w.WriteString("visited_at", $"{LedgerEventIds.Day(visit)}T00:00:00+08:00");
                }));
            }
        }

        var proposed = preview.ProposedExits.ToDictionary(e => e.ChildId, StringComparer.Ordinal);
        foreach (var (childId, reason) in (options.Exits ?? new Dictionary<string, ExitReason>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var exit = proposed[childId];
            var word = RegistryVocabulary.ExitReasons.WordOf(reason);
            events.Add(Make(LedgerEventIds.For(exit.TownshipCode, quarter, "exit", childId, word, LedgerEventIds.Prior(exit.Current)), EventTypes.ChildExited, ts, src, w =>
            {
                w.WriteString("child_id", childId);
                w.WriteString("reason", word);
            }));
        }

        foreach (var township in validation.Townships)
        {
            events.Add(Make(LedgerEventIds.Submitted(township, quarter), EventTypes.LedgerSubmitted, ts, src, w =>
            {
                w.WriteString("township_code", township);
                w.WriteString("quarter", quarter.ToString());
            }));
        }
        return new LedgerCommit(quarter, events, personal);
    }

    private static void Check(LedgerPreview preview, LedgerCommitOptions options, LedgerQuarter quarter)
    {
        var validation = preview.Validation;
        if (validation.Blocked)
        {
            throw new LedgerCommitException("file_blocked", "文件缺少必填列，无法导入。请按模板补齐表头后重新上传。");
        }
        if (validation.Rejected.Count > 0 && !options.SkipBadRows)
        {
            throw new LedgerCommitException("bad_rows",
                $"有 {validation.Rejected.Count} 行存在问题。请修改后重新上传，或选择跳过这些行导入其余各行。");
        }
        if (quarter.CompareTo(LedgerQuarter.Of(validation.ImportDate)) > 0)
        {
            throw new LedgerCommitException("quarter_in_future", "所选季度晚于导入日期所在季度。");
        }
        var proposed = preview.ProposedExits.Select(e => e.ChildId).ToHashSet(StringComparer.Ordinal);
        var unknown = (options.Exits ?? new Dictionary<string, ExitReason>()).Keys.Count(id => !proposed.Contains(id));
        if (unknown > 0)
        {
            // Only children missing from the file may leave through an import; others are not this file's to end.
            throw new LedgerCommitException("exit_not_proposed", $"有 {unknown} 名儿童不在拟退出名单中，不能通过本次导入退出。");
        }
    }

    private static HashSet<string> Ids(IEnumerable<LedgerRecord> records) => records.Select(r => r.ChildId).ToHashSet(StringComparer.Ordinal);

    private static RawEvent Make(string id, string type, string ts, string src, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            data(writer);
            writer.WriteEndObject();
        }
        return new RawEvent(id, type, EventTypes.CurrentVersion, ts, src, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
