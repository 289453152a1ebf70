using Lbc.Domain.Cases;
using Lbc.Domain.Regions;
using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Care;

internal sealed partial class CareBoard
{
    // Occupied, reserved and waiting follow from the placements and are recomputed on restore, as are the queues.
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
            writer.Write(i.Accepting);
            writer.Write(i.StaffOnDuty);
            WriteTime(writer, i.RegisteredAt);
            WriteNullable(writer, i.LastStatusAt);
            writer.Write(i.ReportedOccupied ?? -1);
            writer.Write(i.ReportedReserved ?? -1);
            WriteTime(writer, i.CapacityAt);
            WriteTime(writer, i.AcceptingAt);
            WriteTime(writer, i.StaffAt);
            WriteTime(writer, i.ReportedOccupiedAt);
            WriteTime(writer, i.ReportedReservedAt);
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
            WriteNullable(writer, p.AssignedAt);
            WriteNullable(writer, p.AdmittedAt);
            writer.Write(p.Category is ReportCategory category ? (int)category : -1);
        }
        writer.Write(_ended.Count);
        foreach (var id in _ended)
        {
            writer.Write(id);
        }
    }

    internal void ReadState(BinaryReader reader, DateTimeOffset now)
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
                Accepting = reader.ReadBoolean(),
                StaffOnDuty = reader.ReadInt32(),
                RegisteredAt = ReadTime(reader),
                LastStatusAt = ReadNullableTime(reader),
                ReportedOccupied = ReadOptionalCount(reader),
                ReportedReserved = ReadOptionalCount(reader),
                CapacityAt = ReadTime(reader),
                AcceptingAt = ReadTime(reader),
                StaffAt = ReadTime(reader),
                ReportedOccupiedAt = ReadTime(reader),
                ReportedReservedAt = ReadTime(reader),
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
                AssignedAt = ReadNullableTime(reader),
                AdmittedAt = ReadNullableTime(reader),
            };
            var category = reader.ReadInt32();
            p.Category = category < 0 ? null : (ReportCategory)category;
            _placements.Add(p.Id, p);
        }
        var ended = reader.ReadInt32();
        for (var n = 0; n < ended; n++)
        {
            _ended.Add(reader.ReadString());
        }
        Rebuild(now);
    }

    private static int? ReadOptionalCount(BinaryReader reader) => reader.ReadInt32() is var n and >= 0 ? n : null;
}
