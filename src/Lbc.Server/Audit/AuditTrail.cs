using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Lbc.Domain.Audit;
using Lbc.Domain.Events;
using Lbc.Server.Configuration;

namespace Lbc.Server.Audit;

/// <summary>
/// Where the request path drops audit lines: <see cref="Record"/> turns one into an <c>audit.recorded</c> event and
/// queues it, never waiting and never throwing, so auditing never slows a sign-in or a refusal. <see cref="AuditWriter"/>
/// appends the queue to the log in batches. The queue is bounded: while the log is down lines wait there, and once it is
/// full new lines are dropped and counted (<see cref="Dropped"/>, in <c>/healthz</c> and the <c>lbc.audit.dropped</c>
/// counter) rather than holding memory without limit.
/// </summary>
public sealed class AuditTrail
{
    private static readonly Meter s_meter = new("Lbc.Server.Audit");
    private static readonly Counter<long> s_dropped = s_meter.CreateCounter<long>("lbc.audit.dropped", description: "Audit lines dropped because the queue to the log was full");
    private static readonly Counter<long> s_written = s_meter.CreateCounter<long>("lbc.audit.written", description: "Audit lines appended to the log");

    private readonly Channel<RawEvent> _queue;
    private readonly TimeProvider _time;
    private readonly string _source;
    private long _dropped;
    private long _written;

    public AuditTrail(AuditSettings settings, TimeProvider time)
    {
        _time = time;
        _source = settings.SourceOrDefault;
        Capacity = settings.QueueCapacity;
        _queue = Channel.CreateBounded<RawEvent>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            // Wait, not DropWrite: only in this mode does TryWrite say false when the queue is full (the drop is counted here).
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public int Capacity { get; }

    /// <summary>Lines dropped because the queue was full, since this instance started.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Lines appended to the log, since this instance started.</summary>
    public long Written => Interlocked.Read(ref _written);

    public int Waiting => _queue.Reader.Count;

    internal ChannelReader<RawEvent> Reader => _queue.Reader;

    /// <summary>Queues one line, stamped now. Never blocks: a full queue drops it and counts it.</summary>
    public void Record(AuditRecord record)
    {
        var e = ToEvent(record, _time.GetUtcNow());
        if (!_queue.Writer.TryWrite(e))
        {
            Interlocked.Increment(ref _dropped);
            s_dropped.Add(1);
        }
    }

    /// <summary>
    /// Appends one line now and returns once it is durable: for what must not happen unaudited (a reveal of personal
    /// data). Throws when the log cannot take it; the caller then refuses the action.
    /// </summary>
    public async Task RecordDurablyAsync(AuditRecord record, Lbc.EventLog.IEventLog log, CancellationToken cancellationToken)
    {
        await log.AppendAsync([ToEvent(record, _time.GetUtcNow())], cancellationToken);
        Wrote(1);
    }

    internal void Wrote(int count)
    {
        Interlocked.Add(ref _written, count);
        s_written.Add(count);
    }

    internal void Complete() => _queue.Writer.TryComplete();

    private RawEvent ToEvent(AuditRecord r, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("action", AuditVocabulary.Actions.WordOf(r.Action));
            Optional(json, "user", AuditRecord.Clean(r.User, Actor.MaxLength));
            Optional(json, "role", AuditRecord.Clean(r.Role, 64));
            Optional(json, "jurisdiction", AuditRecord.Clean(r.Jurisdiction, 12));
            Optional(json, "case_id", AuditRecord.Clean(r.CaseId, 128));
            Optional(json, "target", AuditRecord.Clean(r.Target, AuditVocabulary.MaxTargetLength));
            json.WriteString("outcome", AuditVocabulary.Outcomes.WordOf(r.Outcome));
            Optional(json, "reason", AuditRecord.Clean(r.Reason, AuditVocabulary.MaxReasonLength));
            Optional(json, "address", AuditRecord.Clean(r.Address, AuditVocabulary.MaxAddressLength));
            json.WriteEndObject();
        }
        // Version 7 GUIDs sort by time: ids of one instance read in order in the log and in the dead letters.
        return new RawEvent("audit-" + Guid.CreateVersion7(now).ToString("n"), EventTypes.AuditRecorded, EventTypes.CurrentVersion,
            EventTimestamps.Format(now), _source, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
