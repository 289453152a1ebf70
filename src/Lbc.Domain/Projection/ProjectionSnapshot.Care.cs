using Lbc.Domain.Regions;
using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Care;

internal sealed partial class CareBoard
{
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(_institutions.Count);
        foreach (var i in _institutions.Values)
        {
            writer.Write(i.Id);
            writer.Write(i.Name);
            writer.Write((byte)i.Kind);
            writer.Write(i.RegionCode);
            writer.Write(i.Location.Lon);
            writer.Write(i.Location.Lat);
            writer.Write(i.Capacity);
            writer.Write(i.Occupied);
            writer.Write(i.Reserved);
            writer.Write(i.Accepting);
            writer.Write(i.StaffOnDuty);
        }
        writer.Write(_placements.Count);
        foreach (var p in _placements.Values)
        {
            writer.Write(p.Id);
            WriteNullable(writer, p.ReportId);
            writer.Write(p.TownshipCode);
            WriteTime(writer, p.RequestedAt);
            writer.Write((byte)p.Stage);
            WriteNullable(writer, p.InstitutionId);
            WriteNullable(writer, p.AdmittedAt);
        }
        writer.Write(_ended.Count);
        foreach (var id in _ended)
        {
            writer.Write(id);
        }
    }

    internal void ReadState(BinaryReader reader)
    {
        _institutions.Clear();
        _placements.Clear();
        _ended.Clear();
        var institutions = reader.ReadInt32();
        for (var n = 0; n < institutions; n++)
        {
            var i = new InstitutionState(reader.ReadString(), reader.ReadString(), (InstitutionKind)reader.ReadByte(),
                reader.ReadString(), new GeoPoint(reader.ReadDouble(), reader.ReadDouble()))
            {
                Capacity = reader.ReadInt32(),
                Occupied = reader.ReadInt32(),
                Reserved = reader.ReadInt32(),
                Accepting = reader.ReadBoolean(),
                StaffOnDuty = reader.ReadInt32(),
            };
            _institutions.Add(i.Id, i);
        }
        var placements = reader.ReadInt32();
        for (var n = 0; n < placements; n++)
        {
            var p = new PlacementState(reader.ReadString(), ReadNullableString(reader), reader.ReadString(), ReadTime(reader))
            {
                Stage = (PlacementStage)reader.ReadByte(),
                InstitutionId = ReadNullableString(reader),
                AdmittedAt = ReadNullableTime(reader),
            };
            _placements.Add(p.Id, p);
        }
        var ended = reader.ReadInt32();
        for (var n = 0; n < ended; n++)
        {
            _ended.Add(reader.ReadString());
        }
    }
}
