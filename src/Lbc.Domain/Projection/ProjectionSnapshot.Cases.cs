using Lbc.Domain.Care;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;
using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Cases;

internal sealed partial class CaseBook
{
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(_open.Count);
        foreach (var c in _open.Values)
        {
            WriteCase(writer, c);
        }
        writer.Write(_closed.Count);
        foreach (var id in _closed)
        {
            writer.Write(id);
        }
        // Closed cases still held: recently closed (case view) and/or followed up (township part). Both queues are
        // rebuilt from the close times: nothing else orders them.
        var retained = _recentlyClosed.Values.Concat(_followUps.Values.Where(c => c.IsClosed && !_recentlyClosed.ContainsKey(c.ReportId))).ToList();
        writer.Write(retained.Count);
        foreach (var c in retained)
        {
            WriteCase(writer, c);
            writer.Write(_recentlyClosed.ContainsKey(c.ReportId));
            writer.Write(_followUps.ContainsKey(c.ReportId));
        }
        // Clock entries of cases no one follows would never matter; those of open cases and follow-ups are kept.
        var clocks = _clocks.UnorderedItems.Where(e => IsHeld(e.Element.Case)).ToList();
        writer.Write(clocks.Count);
        foreach (var (element, due) in clocks)
        {
            writer.Write(element.Case.ReportId);
            writer.Write((byte)element.Stage);
            WriteTime(writer, due);
        }
    }

    private bool IsHeld(CaseState c) =>
        (_open.TryGetValue(c.ReportId, out var open) && ReferenceEquals(open, c))
        || (_followUps.TryGetValue(c.ReportId, out var followed) && ReferenceEquals(followed, c));

    internal void ReadState(BinaryReader reader)
    {
        _open.Clear();
        _closed.Clear();
        _recentlyClosed.Clear();
        _evictions.Clear();
        _clocks.Clear();
        _followUps.Clear();
        _followUpExpiry.Clear();
        var open = reader.ReadInt32();
        for (var i = 0; i < open; i++)
        {
            var c = ReadCase(reader);
            _open.Add(c.ReportId, c);
        }
        var closed = reader.ReadInt32();
        for (var i = 0; i < closed; i++)
        {
            _closed.Add(reader.ReadString());
        }
        var retained = reader.ReadInt32();
        for (var i = 0; i < retained; i++)
        {
            var c = ReadCase(reader);
            var recent = reader.ReadBoolean();
            var followed = reader.ReadBoolean();
            if (!c.IsClosed || !_closed.Contains(c.ReportId) || !(recent || followed))
            {
                throw new InvalidDataException("a retained closed case that is not closed");
            }
            if (recent)
            {
                Retain(c);
            }
            if (followed)
            {
                _followUps.Add(c.ReportId, c);
                _followUpExpiry.Enqueue(c, FollowUpUntil(c));
            }
        }
        // Open cases are followed up by their state alone.
        foreach (var c in _open.Values)
        {
            if (IsFollowUp(c))
            {
                _followUps.Add(c.ReportId, c);
            }
        }
        var clocks = reader.ReadInt32();
        for (var i = 0; i < clocks; i++)
        {
            var id = reader.ReadString();
            var stage = (CaseStage)reader.ReadByte();
            var due = ReadTime(reader);
            if (!_open.TryGetValue(id, out var c) && !_followUps.TryGetValue(id, out c))
            {
                throw new InvalidDataException($"case clock of an unknown case");
            }
            _clocks.Enqueue((c, stage), due);
        }
    }

    private static void WriteCase(BinaryWriter writer, CaseState c)
    {
        writer.Write(c.ReportId);
        writer.Write((byte)c.Category);
        writer.Write((byte)c.Reporter);
        writer.Write(c.TownshipCode);
        WriteNullable(writer, c.VillageCode);
        writer.Write(c.Location.Lon);
        writer.Write(c.Location.Lat);
        writer.Write(c.LocationApproximate);
        WriteTime(writer, c.ReceivedAt);
        WriteNullable(writer, c.DiscoveredAt);
        WriteNullable(writer, c.ChildId);
        WriteNullable(writer, c.PersonalSealed);
        WriteNullable(writer, c.DisplayMask);
        writer.Write(c.AgeBand is Personal.AgeBand band ? (int)band : -1);
        WriteFlag(writer, c.ParentsReached);
        writer.Write(c.EscortedTo is EscortDestination to ? (int)to : -1);
        WriteNullable(writer, c.EscortInstitutionId);
        WriteNullable(writer, c.Outcome);
        writer.Write(c.Risk is RiskLevel risk ? (int)risk : -1);
        writer.Write(c.Services.Count);
        foreach (var s in c.Services)
        {
            writer.Write((byte)s);
        }
        writer.Write(c.ServicesAsked.Count);
        foreach (var s in c.ServicesAsked)
        {
            writer.Write((byte)s);
        }
        writer.Write(c.Interventions.Count);
        foreach (var m in c.Interventions)
        {
            writer.Write((byte)m);
        }
        var stages = Enum.GetValues<CaseStage>();
        writer.Write(stages.Length);
        foreach (var stage in stages)
        {
            WriteNullable(writer, c.DoneAt(stage));
        }
        writer.Write(c.Timeline.Count);
        foreach (var entry in c.Timeline)
        {
            WriteEntry(writer, entry);
        }
    }

    private static CaseState ReadCase(BinaryReader reader)
    {
        var id = reader.ReadString();
        var category = (ReportCategory)reader.ReadByte();
        var reporter = (ReporterType)reader.ReadByte();
        var township = reader.ReadString();
        var village = ReadNullableString(reader);
        var location = new GeoPoint(reader.ReadDouble(), reader.ReadDouble());
        var approximate = reader.ReadBoolean();
        var received = ReadTime(reader);
        var discovered = ReadNullableTime(reader);
        var child = ReadNullableString(reader);
        var c = new CaseState(id, category, reporter, township, village, location, approximate, received, discovered, child)
        {
            PersonalSealed = ReadNullableString(reader),
            DisplayMask = ReadNullableString(reader),
        };
        var band = reader.ReadInt32();
        c.AgeBand = band < 0 ? null : (Personal.AgeBand)band;
        c.ParentsReached = ReadFlag(reader);
        var escorted = reader.ReadInt32();
        c.EscortedTo = escorted < 0 ? null : (EscortDestination)escorted;
        c.EscortInstitutionId = ReadNullableString(reader);
        c.Outcome = ReadNullableString(reader);
        var risk = reader.ReadInt32();
        c.Risk = risk < 0 ? null : (RiskLevel)risk;
        var services = reader.ReadInt32();
        for (var i = 0; i < services; i++)
        {
            c.Services.Add((ServiceKind)reader.ReadByte());
        }
        var asked = reader.ReadInt32();
        for (var i = 0; i < asked; i++)
        {
            c.ServicesAsked.Add((ServiceKind)reader.ReadByte());
        }
        var interventions = reader.ReadInt32();
        for (var i = 0; i < interventions; i++)
        {
            c.Interventions.Add((InterventionMeasure)reader.ReadByte());
        }
        var stages = reader.ReadInt32();
        if (stages != Enum.GetValues<CaseStage>().Length)
        {
            throw new InvalidDataException("case stages differ");
        }
        for (var s = 0; s < stages; s++)
        {
            if (ReadNullableTime(reader) is DateTimeOffset at)
            {
                c.MarkDone((CaseStage)s, at);
            }
        }
        var entries = reader.ReadInt32();
        for (var i = 0; i < entries; i++)
        {
            c.Record(ReadEntry(reader));
        }
        return c;
    }

    private static void WriteEntry(BinaryWriter writer, TimelineEntry e)
    {
        writer.Write(e.EventId);
        writer.Write(e.Type);
        WriteTime(writer, e.At);
        writer.Write(e.Src);
        WriteNullable(writer, e.Actor?.Username);
        WriteNullable(writer, e.Actor?.DisplayName);
        writer.Write(e.Stage is CaseStage stage ? (int)stage : -1);
        WriteFlag(writer, e.ParentsReached);
        writer.Write(e.EscortedTo is EscortDestination to ? (int)to : -1);
        WriteNullable(writer, e.InstitutionId);
        WriteNullable(writer, e.Outcome);
        writer.Write(e.Risk is RiskLevel risk ? (int)risk : -1);
        writer.Write(e.Services.Count);
        foreach (var s in e.Services)
        {
            writer.Write((byte)s);
        }
        writer.Write(e.Measure is InterventionMeasure m ? (int)m : -1);
        WriteNullable(writer, e.PlacementId);
        WriteFlag(writer, e.SeriousHarm);
        WriteFlag(writer, e.NoCarer);
    }

    private static TimelineEntry ReadEntry(BinaryReader reader)
    {
        var id = reader.ReadString();
        var type = reader.ReadString();
        var at = ReadTime(reader);
        var src = reader.ReadString();
        var username = ReadNullableString(reader);
        var displayName = ReadNullableString(reader);
        var stage = reader.ReadInt32();
        var actor = username is null || displayName is null ? null : new Actor(username, displayName);
        var parentsReached = ReadFlag(reader);
        var escorted = reader.ReadInt32();
        var institution = ReadNullableString(reader);
        var outcome = ReadNullableString(reader);
        var risk = reader.ReadInt32();
        var services = new ServiceKind[reader.ReadInt32()];
        for (var i = 0; i < services.Length; i++)
        {
            services[i] = (ServiceKind)reader.ReadByte();
        }
        var measure = reader.ReadInt32();
        var placement = ReadNullableString(reader);
        var seriousHarm = ReadFlag(reader);
        var noCarer = ReadFlag(reader);
        return new TimelineEntry(id, type, at, src, actor, stage < 0 ? null : (CaseStage)stage)
        {
            ParentsReached = parentsReached,
            EscortedTo = escorted < 0 ? null : (EscortDestination)escorted,
            InstitutionId = institution,
            Outcome = outcome,
            Risk = risk < 0 ? null : (RiskLevel)risk,
            Services = services,
            Measure = measure < 0 ? null : (InterventionMeasure)measure,
            PlacementId = placement,
            SeriousHarm = seriousHarm,
            NoCarer = noCarer,
        };
    }

    private static void WriteFlag(BinaryWriter writer, bool? flag) =>
        writer.Write(flag is bool value ? (byte)(value ? 2 : 1) : (byte)0);

    private static bool? ReadFlag(BinaryReader reader) => reader.ReadByte() switch
    {
        0 => null,
        1 => false,
        2 => true,
        var other => throw new InvalidDataException($"flag byte {other}"),
    };
}
