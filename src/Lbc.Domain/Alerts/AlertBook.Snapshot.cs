using Lbc.Domain.Events;
using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Alerts;

internal sealed partial class AlertBook
{
    // Every alert held (open and retained), and the early actions; the queues are rebuilt from them.
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(_alerts.Count);
        foreach (var a in _alerts.Values)
        {
            writer.Write(a.Id);
            writer.Write((byte)a.Rule);
            writer.Write(a.RegionCode);
            writer.Write(a.BaseOwnerRegion);
            WriteTime(writer, a.RaisedAt);
            writer.Write(a.Level);
            WriteNullable(writer, a.CaseId);
            WriteNullable(writer, a.InstitutionId);
            WriteNullable(writer, a.PlacementId);
            WriteNullable(writer, a.Detail);
            WriteNullable(writer, a.AcknowledgedAt);
            WriteActor(writer, a.AcknowledgedBy);
            WriteNullable(writer, a.MutedUntil);
            WriteActor(writer, a.MutedBy);
            WriteNullable(writer, a.MuteReason);
            WriteNullable(writer, a.ResolvedAt);
            writer.Write(a.Version);
        }
        writer.Write(_early.Count);
        foreach (var (id, actions) in _early)
        {
            writer.Write(id);
            writer.Write(actions.Count);
            foreach (var e in actions)
            {
                writer.Write(e.Meta.Id);
                WriteTime(writer, e.Meta.Ts);
                writer.Write(e.Meta.Src);
                WriteActor(writer, e.Meta.Actor);
                var mute = e as AlertMuted;
                WriteNullable(writer, mute?.Until);
                WriteNullable(writer, mute?.Reason);
            }
        }
    }

    internal void ReadState(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var rule = (AlertRule)reader.ReadByte();
            var alert = new AlertState(id, rule, reader.ReadString(), reader.ReadString(), ReadTime(reader))
            {
                Level = reader.ReadInt32(),
                CaseId = ReadNullableString(reader),
                InstitutionId = ReadNullableString(reader),
                PlacementId = ReadNullableString(reader),
                Detail = ReadNullableString(reader),
                AcknowledgedAt = ReadNullableTime(reader),
                AcknowledgedBy = ReadActor(reader),
                MutedUntil = ReadNullableTime(reader),
                MutedBy = ReadActor(reader),
                MuteReason = ReadNullableString(reader),
                ResolvedAt = ReadNullableTime(reader),
                Version = reader.ReadInt32(),
            };
            _alerts.Add(id, alert);
            if (alert.IsOpen)
            {
                Track(alert);
            }
            else
            {
                _forget.Enqueue(alert, alert.ResolvedAt!.Value + settings.Retention);
            }
        }
        var early = reader.ReadInt32();
        for (var i = 0; i < early; i++)
        {
            var id = reader.ReadString();
            var n = reader.ReadInt32();
            var list = new List<DomainEvent>(n);
            for (var k = 0; k < n; k++)
            {
                var eventId = reader.ReadString();
                var ts = ReadTime(reader);
                var src = reader.ReadString();
                var actor = ReadActor(reader);
                var until = ReadNullableTime(reader);
                var reason = ReadNullableString(reader);
                list.Add(until is { } u
                    ? new AlertMuted(new EventMeta(eventId, EventTypes.AlertMuted, ts, src, actor), id, u, reason ?? "")
                    : new AlertAcknowledged(new EventMeta(eventId, EventTypes.AlertAcknowledged, ts, src, actor), id));
            }
            _early[id] = list;
        }
    }

    private static void WriteActor(BinaryWriter writer, Actor? actor)
    {
        writer.Write(actor is not null);
        if (actor is not null)
        {
            writer.Write(actor.Username);
            writer.Write(actor.DisplayName);
            WriteNullable(writer, actor.Role);
            WriteNullable(writer, actor.Jurisdiction);
        }
    }

    private static Actor? ReadActor(BinaryReader reader) => reader.ReadBoolean()
        ? new Actor(reader.ReadString(), reader.ReadString()) { Role = ReadNullableString(reader), Jurisdiction = ReadNullableString(reader) }
        : null;
}
