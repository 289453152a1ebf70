using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lbc.Domain.Audit;
using Lbc.Domain.Events;
using Lbc.Domain.Personal;
using Lbc.Domain.Projection;
using Lbc.EventLog;
using Lbc.Ledger.Commit;
using Lbc.Ledger.Validation;
using Lbc.Server.Audit;
using Lbc.Server.PersonalData;
using Lbc.Server.Projection;

namespace Lbc.Server.Ledger;

/// <summary>
/// Commits a previewed ledger: builds the events once (ids from their content, LedgerEventBuilder), seals each child's
/// personal values under the child's key (as ingest does for <c>child.registered</c>: nothing personal reaches the log in
/// plain), leaves out what the log already has (a repeated or resumed import), and appends the rest in chunks through the
/// event log, in the background, counting progress for the page. The projection then applies them like any producer's
/// events, so the figures change live.
/// </summary>
public sealed class LedgerCommitRunner(ProjectionHost host, EventValidator validator, IEventLog log, PersonalSealer sealer,
    AuditTrail audit, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<LedgerCommitRunner> logger)
{
    /// <summary>The producer id of imported events: one for every user, so a file imported by the township and again by its county is recognised.</summary>
    public const string Source = "dashboard-ledger";

    /// <summary>Events per append: one durable write each, and a step of the progress bar.</summary>
    internal const int ChunkSize = 500;

    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(60);

    // One commit at a time on this instance: "already on the log" is judged from the projection, which must have applied
    // the previous import first.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Checks the user's choices (a <see cref="LedgerCommitException"/> for a refusal) and starts the commit; false when one
    /// already runs for this import. A repeated commit of the same import reuses the events built the first time.
    /// </summary>
    public bool Start(LedgerImport import, LedgerCommitOptions options, AuditRecord auditLine)
    {
        LedgerCommit? built = null;
        if (import.Events is null)
        {
            built = LedgerEventBuilder.Build(import.Preview, options, Source, time.GetUtcNow());
        }
        if (!import.TryStart())
        {
            return false;
        }
        import.Options ??= options;
        _ = Task.Run(() => RunAsync(import, built, auditLine, lifetime.ApplicationStopping));
        return true;
    }

    private async Task RunAsync(LedgerImport import, LedgerCommit? built, AuditRecord auditLine, CancellationToken stopping)
    {
        var line = auditLine with { Target = "POST /api/ledger/imports/{importId}/commit" };
        try
        {
            await _gate.WaitAsync(stopping);
            try
            {
                import.Events ??= await SealAsync(import, built!, stopping);
                var fresh = host.Read(p => import.Events.Where(e => IsNew(p, e)).ToList());
                fresh = DropConfirmedThisQuarter(import, fresh);
                foreach (var e in fresh)
                {
                    if (validator.Parse(e) is { IsValid: false } parsed)
                    {
                        // The builder makes catalog events from validated rows; this is a bug, and nothing is appended.
                        logger.LogError("A ledger event failed validation ({Type}): {Reason}", e.Type, parsed.Reason);
                        Fail(import, line, "导入生成的事件未通过校验，未写入任何数据。请联系管理员。");
                        return;
                    }
                }
                import.Planned(fresh.Count, import.Events.Count - fresh.Count);
                LogPosition? last = null;
                foreach (var chunk in fresh.Chunk(ChunkSize))
                {
                    var positions = await log.AppendAsync(chunk, stopping);
                    last = positions[^1];
                    import.Appended(chunk.Length);
                }
                var applied = last is not { } position || await host.WaitUntilAppliedAsync(position, s_applyTimeout, stopping);
                import.Finish(applied);
                var progress = import.Progress();
                audit.Record(line with
                {
                    Outcome = AuditOutcome.Ok,
                    Reason = string.Create(CultureInfo.InvariantCulture,
                        $"quarter {QuarterOf(import)}; townships {string.Join(" ", import.Preview.Validation.Townships)}; {progress.Appended} events appended, {progress.Skipped} already on the log; {import.Preview.Validation.Rejected.Count} bad rows left out"),
                });
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException)
        {
            Fail(import, line, "服务器正在停止，导入中断。请重新提交：已写入的部分不会重复。");
        }
        catch (EventLogUnavailableException)
        {
            Fail(import, line, "事件日志暂时不可用，导入中断。请稍后重新提交：已写入的部分不会重复。");
        }
        catch (KeyStoreUnavailableException)
        {
            Fail(import, line, "个人信息密钥库不可用，未写入任何数据。请稍后重试。");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The type only: a message could carry a value of the file.
            logger.LogError("A ledger commit failed: {Exception}", ex.GetType().Name);
            Fail(import, line, "导入失败。请重新提交：已写入的部分不会重复。");
        }
    }

    private void Fail(LedgerImport import, AuditRecord line, string reason)
    {
        import.Fail(reason);
        audit.Record(line with { Outcome = AuditOutcome.Failed, Reason = "commit interrupted; " + import.Progress().Appended + " events appended" });
    }

    private static string QuarterOf(LedgerImport import) =>
        (import.Options?.Quarter ?? LedgerQuarter.Of(import.Preview.Validation.ImportDate)).ToString();

    private static bool IsNew(CommandCenterProjection projection, RawEvent e) =>
        // Seen with this content: the same event again. Seen with other content: ledger.submitted of a second import this
        // quarter (its id is the township's and quarter's), or a resumed import built at another moment. Neither is appended.
        projection.CheckId(new EventMeta(e.Id, e.Type, default, e.Src) { ContentHash = EventParser.ContentHashOf(e) }) == IdCheck.New;

    /// <summary>
    /// An unchanged child is confirmed by a <c>child.updated</c> (it keeps the record from going stale), but once per quarter
    /// is enough: importing the same file again the same quarter appends nothing.
    /// </summary>
    private static List<RawEvent> DropConfirmedThisQuarter(LedgerImport import, List<RawEvent> events)
    {
        if (import.ConfirmedThisQuarter.Count == 0)
        {
            return events;
        }
        return [.. events.Where(e => !(e.Type == EventTypes.ChildUpdated && e.Id.EndsWith(":upd", StringComparison.Ordinal)
            && ChildIdOf(e) is { } id && import.ConfirmedThisQuarter.Contains(id)))];
    }

    private static string? ChildIdOf(RawEvent e)
    {
        using var document = JsonDocument.Parse(e.Data);
        return document.RootElement.TryGetProperty("child_id", out var id) ? id.GetString() : null;
    }

    /// <summary>
    /// Each registration and update carries its child's personal values sealed under the child's own key. Keys are made in
    /// batches of <see cref="SealBatch"/> children: one durable key-store write per batch, not per child.
    /// </summary>
    private async Task<IReadOnlyList<RawEvent>> SealAsync(LedgerImport import, LedgerCommit commit, CancellationToken cancellationToken)
    {
        var records = import.Preview.Validation.Records.ToDictionary(r => r.ChildId, StringComparer.Ordinal);
        var sealedEvents = commit.Events.ToArray();
        var pending = new List<(int Index, string Subject, byte[] Plaintext)>(SealBatch);
        for (var i = 0; i < sealedEvents.Length; i++)
        {
            var e = sealedEvents[i];
            if (e.Type is EventTypes.ChildRegistered or EventTypes.ChildUpdated
                && ChildIdOf(e) is { } childId && commit.PersonalByChild.TryGetValue(childId, out var personal) && personal.Given
                && records.TryGetValue(childId, out var record))
            {
                pending.Add((i, PersonalVocabulary.SubjectOf(childId, ""), ToPersonalRecord(personal, record).ToCanonicalJson()));
                if (pending.Count == SealBatch)
                {
                    await SealPendingAsync(sealedEvents, pending, cancellationToken);
                }
            }
        }
        await SealPendingAsync(sealedEvents, pending, cancellationToken);
        return sealedEvents;
    }

    private const int SealBatch = 1_000;

    private async Task SealPendingAsync(RawEvent[] events, List<(int Index, string Subject, byte[] Plaintext)> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var sealedTexts = await sealer.SealManyAsync([.. pending.Select(p => (p.Subject, p.Plaintext))], cancellationToken);
        for (var j = 0; j < pending.Count; j++)
        {
            var e = events[pending[j].Index];
            var data = JsonNode.Parse(e.Data)!.AsObject();
            data["personal_sealed"] = sealedTexts[j];
            events[pending[j].Index] = e with { Data = data.ToJsonString() };
        }
        pending.Clear();
    }

    private static PersonalRecord ToPersonalRecord(PersonalFields p, LedgerRecord r) =>
        new(p.Name, r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.GuardianName, p.GuardianPhone, null, null, null)
        {
            Sex = p.Sex,
            ParentsWorkPlace = p.ParentsWorkPlace,
            School = p.School,
            PairedTeacher = p.PairedTeacher,
            VisitedBy = p.VisitedBy,
        };
}
