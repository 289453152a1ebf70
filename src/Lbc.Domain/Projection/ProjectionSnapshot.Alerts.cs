using Lbc.Domain.Alerts;
using static Lbc.Domain.Projection.ProjectionSnapshot;

namespace Lbc.Domain.Projection;

public sealed partial class CommandCenterProjection
{
    private void WriteAlertState(BinaryWriter writer)
    {
        _alerts.WriteState(writer);
        writer.Write(_alertBaselineDay);
        writer.Write(_alertSlot);
        WriteArray(writer, _overdueRate, _overdueRate.Length);
        WriteArray(writer, _overdueRateDay, _overdueRateDay.Length);
        WriteArray(writer, _reporterLastDay, _reporterLastDay.Length);
    }

    private void ReadAlertState(BinaryReader reader)
    {
        _alerts.ReadState(reader);
        _alertBaselineDay = reader.ReadInt32();
        _alertSlot = reader.ReadInt64();
        CopyExact(ReadArray<float>(reader), _overdueRate, "overdue rates");
        CopyExact(ReadArray<int>(reader), _overdueRateDay, "overdue rate days");
        CopyExact(ReadArray<int>(reader), _reporterLastDay, "reporters' last days");
        // The per-subject indexes of open alerts are derived from the alerts themselves.
        foreach (var a in _alerts.All)
        {
            if (!a.IsOpen)
            {
                continue;
            }
            switch (a.Rule)
            {
                case AlertRule.OverdueRise when _regions.TryGetTownship(a.RegionCode, out var t):
                    _overdueOpen[t.Index] = a;
                    break;
                case AlertRule.LedgerLate when _regions.TryGetTownship(a.RegionCode, out var t):
                    _ledgerOpen[t.Index] = a;
                    break;
                case AlertRule.ReporterSilent when _countyIndex.TryGetValue(a.RegionCode, out var county) && a.Detail is not null
                    && Cases.CaseVocabulary.Reporters.TryParse(a.Detail, out var reporter):
                    _silentOpen[county * MandatedReporterTypes + (int)reporter] = a;
                    break;
            }
        }
    }

    private static void CopyExact<T>(T[] read, T[] into, string what)
    {
        if (read.Length != into.Length)
        {
            throw new InvalidDataException($"{what}: size differs");
        }
        read.CopyTo(into, 0);
    }
}
