using Lbc.Domain.Care;
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
        // Clock entries of closed cases would never fire; only the open ones are kept.
        var clocks = _clocks.UnorderedItems
            .Where(e => !e.Element.Case.IsClosed && _open.TryGetValue(e.Element.Case.ReportId, out var open) && ReferenceEquals(open, e.Element.Case))
            .ToList();
        writer.Write(clocks.Count);
        foreach (var (element, due) in clocks)
        {
            writer.Write(element.Case.ReportId);
            writer.Write((byte)element.Stage);
            WriteTime(writer, due);
        }
    }

    internal void ReadState(BinaryReader reader)
    {
        _open.Clear();
        _closed.Clear();
        _clocks.Clear();
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
        var clocks = reader.ReadInt32();
        for (var i = 0; i < clocks; i++)
        {
            var id = reader.ReadString();
            var stage = (CaseStage)reader.ReadByte();
            var due = ReadTime(reader);
            if (!_open.TryGetValue(id, out var c))
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
        writer.Write(c.ParentsReached is bool reached ? (byte)(reached ? 2 : 1) : (byte)0);
        writer.Write(c.EscortedTo is EscortDestination to ? (int)to : -1);
        WriteNullable(writer, c.EscortInstitutionId);
        WriteNullable(writer, c.Outcome);
        writer.Write(c.Risk is RiskLevel risk ? (int)risk : -1);
        writer.Write(c.Services.Count);
        foreach (var s in c.Services)
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
        var c = new CaseState(id, category, reporter, township, village, location, approximate, received, discovered, child);
        var reached = reader.ReadByte();
        c.ParentsReached = reached == 0 ? null : reached == 2;
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
        return c;
    }
}
