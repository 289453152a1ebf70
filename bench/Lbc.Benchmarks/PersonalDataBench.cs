using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Lbc.Domain.Events;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Domain.Rules;
using Lbc.EventLog.Sqlite;
using Lbc.Server.Audit;
using Lbc.Server.Configuration;
using Lbc.Server.PersonalData;
using Microsoft.Data.Sqlite;

namespace Lbc.Benchmarks;

/// <summary>
/// Personal data (issue 14 item 2), in process on the embedded stores: reports with a personal record beside the same
/// reports without (seal + validate + project, and bytes on the log per event), and the reveal's latency (key lookup,
/// unwrap, decrypt, and the durable audit line) with a million keys held. <c>--personal</c>.
/// </summary>
internal static class PersonalDataBench
{
    public sealed record Result(int Reports, double PlainPerSecond, double PlainBytes, double SealedNewKeyPerSecond,
        double SealedKnownChildPerSecond, double SealedBytes, long KeysHeld, double OpenP50Ms, double OpenP99Ms,
        double RevealP50Ms, double RevealP99Ms, double SealedNewKeyBatchedPerSecond, double SealedKnownBatchedPerSecond);

    /// <summary>Events per POST in the batched rows: what a producer sends in one request to /api/events.</summary>
    private const int Batch = 100;

    public static async Task<Result> MeasureAsync(RegionCatalog regions, int reports, int keysHeld)
    {
        var directory = Path.Combine(Path.GetTempPath(), "lbc-bench-personal-" + Guid.NewGuid().ToString("n"));
        try
        {
            var now = DateTimeOffset.UtcNow;
            var village = regions.VillagesIn(regions.Townships.First(t => regions.VillagesIn(t.Code).Count > 0).Code)[0].Code;
            await using var store = await SqlitePersonalKeyStore.OpenAsync(Path.Combine(directory, "personal-keys.db"));
            MasterKey.TryParse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), out var master);
            var sealer = new PersonalSealer(new MasterKeySource(master), store);
            var intake = new PersonalIntake(sealer, new PersonalDataOptions());
            var parser = new EventParser(regions);

            var plain = Enumerable.Range(0, reports).Select(i => Report(village, now, $"R-PLAIN-{i}", null)).ToList();
            var (plainRate, plainBytes) = Project(regions, parser, now, plain);

            // Every report of an unknown child: a new key each (one durable write to the key store per report).
            var newKeys = await SealAllAsync(intake, now, Enumerable.Range(0, reports).Select(i => Report(village, now, $"R-NEW-{i}", null, personal: true)).ToList());
            var (sealedRate, sealedBytes) = Project(regions, parser, now, newKeys.Events);
            // Reports naming one of 100 known children: the key exists, sealing is lookup + crypto.
            var known = await SealAllAsync(intake, now, Enumerable.Range(0, reports).Select(i => Report(village, now, $"R-KNOWN-{i}", $"LB-{i % 100}", personal: true)).ToList());
            // The same, as the ingest API seals a request: the keys of a whole batch in one store call (one disk sync).
            var newBatched = await SealBatchesAsync(intake, now, Enumerable.Range(0, reports).Select(i => Report(village, now, $"R-NEWB-{i}", null, personal: true)).ToList());
            var knownBatched = await SealBatchesAsync(intake, now, Enumerable.Range(0, reports).Select(i => Report(village, now, $"R-KNOWNB-{i}", $"LB-{i % 100}", personal: true)).ToList());

            // A million keys held: bulk rows of the same shape as real ones, then the reports' own keys are the ones revealed.
            await FillAsync(Path.Combine(directory, "personal-keys.db"), keysHeld - (int)await store.CountAsync());
            var held = await store.CountAsync();
            var blobs = newKeys.Events.Take(Math.Min(2_000, reports)).Select(e => (Sealed: (string)JsonNode.Parse(e.Data)!["personal_sealed"]!,
                Subject: "case:" + (string)JsonNode.Parse(e.Data)!["report_id"]!)).ToList();
            var open = await TimeAsync(blobs, async b => await sealer.OpenAsync(b.Sealed, b.Subject, CancellationToken.None));
            await using var log = await SqliteEventLog.OpenAsync(Path.Combine(directory, "events.db"));
            var trail = new AuditTrail(new AuditSettings { Source = "bench" }, TimeProvider.System);
            var reveal = await TimeAsync(blobs, async b =>
            {
                await trail.RecordDurablyAsync(new AuditRecord(Lbc.Domain.Audit.AuditAction.PersonalRevealed, Lbc.Domain.Audit.AuditOutcome.Ok)
                    { User = "bench", CaseId = b.Subject[5..], Reason = "benchmark reveal" }, log, CancellationToken.None);
                return await sealer.OpenAsync(b.Sealed, b.Subject, CancellationToken.None);
            });
            return new Result(reports, plainRate, plainBytes, reports / newKeys.Seconds, reports / known.Seconds, sealedBytes, held,
                open.P50, open.P99, reveal.P50, reveal.P99, reports / newBatched, reports / knownBatched);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static string Table(Result r)
    {
        var t = new StringBuilder();
        t.AppendLine(CultureInfo.InvariantCulture, $"| personal data, in process, embedded stores ({r.Reports:N0} reports) | events/s | bytes/event on the log |");
        t.AppendLine("|---|---|---|");
        t.AppendLine(CultureInfo.InvariantCulture, $"| reports without personal data: validate + project (baseline) | {r.PlainPerSecond:N0} | {r.PlainBytes:N0} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| with personal data, unknown child (a new key each): seal | {r.SealedNewKeyPerSecond:N0} | {r.SealedBytes:N0} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| with personal data, known child (key exists): seal | {r.SealedKnownChildPerSecond:N0} | |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| with personal data, unknown child, sealed {Batch} per request (one key-store write per request) | {r.SealedNewKeyBatchedPerSecond:N0} | |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| with personal data, known child, sealed {Batch} per request | {r.SealedKnownBatchedPerSecond:N0} | |");
        t.AppendLine();
        t.AppendLine(CultureInfo.InvariantCulture, $"| reveal with {r.KeysHeld:N0} keys held (SQLite key store) | p50 ms | p99 ms |");
        t.AppendLine("|---|---|---|");
        t.AppendLine(CultureInfo.InvariantCulture, $"| open: key lookup + unwrap + decrypt | {r.OpenP50Ms:N3} | {r.OpenP99Ms:N3} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| reveal: durable audit line on the SQLite log, then open | {r.RevealP50Ms:N3} | {r.RevealP99Ms:N3} |");
        return t.ToString();
    }

    private static RawEvent Report(string village, DateTimeOffset now, string reportId, string? childId, bool personal = false)
    {
        var data = new JsonObject
        {
            ["report_id"] = reportId, ["village_code"] = village, ["category"] = "living_alone", ["reporter_type"] = "school",
            ["child_id"] = childId, ["received_at"] = EventTimestamps.Format(now),
        };
        if (personal)
        {
            data["personal"] = new JsonObject
            {
                ["child_name"] = "王小明", ["child_birth_date"] = "2017-05-14", ["guardian_name"] = "李秀英", ["guardian_phone"] = "13900000000",
                ["reporter_name"] = "张老师", ["reporter_phone"] = "0421-1234567", ["address"] = "朝阳县波罗赤镇波罗赤村12号",
            };
        }
        return new RawEvent("bench-" + reportId, EventTypes.ReportFiled, 1, EventTimestamps.Format(now), "bench", data.ToJsonString());
    }

    private static async Task<(List<RawEvent> Events, double Seconds)> SealAllAsync(PersonalIntake intake, DateTimeOffset now, List<RawEvent> events)
    {
        var clock = Stopwatch.StartNew();
        var sealedEvents = new List<RawEvent>(events.Count);
        foreach (var e in events)
        {
            var errors = new List<string>();
            var record = PersonalIntake.Read(e, now, errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
            sealedEvents.Add(await intake.SealAsync(e, record, CancellationToken.None));
        }
        return (sealedEvents, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Seconds to seal the events <see cref="Batch"/> at a time, as <c>POST /api/events</c> does.</summary>
    private static async Task<double> SealBatchesAsync(PersonalIntake intake, DateTimeOffset now, List<RawEvent> events)
    {
        var clock = Stopwatch.StartNew();
        foreach (var chunk in events.Chunk(Batch))
        {
            var items = chunk.Select(e =>
            {
                var errors = new List<string>();
                return (e, PersonalIntake.Read(e, now, errors) ?? throw new InvalidOperationException(string.Join("; ", errors)));
            }).ToList();
            await intake.SealManyAsync(items, CancellationToken.None);
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static (double PerSecond, double Bytes) Project(RegionCatalog regions, EventParser parser, DateTimeOffset now, List<RawEvent> events)
    {
        var projection = new CommandCenterProjection(regions, RuleSettings.Default, now);
        var clock = Stopwatch.StartNew();
        foreach (var e in events)
        {
            projection.Apply(parser.Parse(e, now).Event ?? throw new InvalidOperationException(parser.Parse(e, now).Reason));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = events.Average(e => Encoding.UTF8.GetByteCount(e.Id + e.Type + e.Ts + e.Src + e.Data) + 1.0);
        return (events.Count / seconds, bytes);
    }

    private static async Task FillAsync(string path, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO personal_keys (key_id, subject, wrapped) VALUES ($id, $subject, $wrapped)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var subject = insert.Parameters.Add("$subject", SqliteType.Text);
        var wrapped = insert.Parameters.Add("$wrapped", SqliteType.Blob);
        var bytes = new byte[60];
        for (var i = 0; i < count; i++)
        {
            RandomNumberGenerator.Fill(bytes);
            id.Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            subject.Value = "child:LB-FILL-" + i.ToString(CultureInfo.InvariantCulture);
            wrapped.Value = bytes;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task<(double P50, double P99)> TimeAsync<T>(List<T> items, Func<T, Task<Opened>> action)
    {
        var times = new List<double>(items.Count);
        foreach (var item in items.OrderBy(_ => Random.Shared.Next()))
        {
            var clock = Stopwatch.StartNew();
            var opened = await action(item);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (opened.Status != OpenStatus.Opened)
            {
                throw new InvalidOperationException($"a reveal did not open: {opened.Status}");
            }
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.99) - 1]);
    }
}
