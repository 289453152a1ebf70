using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lbc.Contracts;

/// <summary>The one JSON setup for everything that crosses the wire to the dashboard (camelCase, source-generated).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardSnapshot))]
[JsonSerializable(typeof(DeltaBatch))]
[JsonSerializable(typeof(AggregateSnapshot))]
[JsonSerializable(typeof(AggregateDelta))]
[JsonSerializable(typeof(CaseHandlingNotice))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(IReadOnlyList<RegionDto>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(CommandRequest))]
[JsonSerializable(typeof(CommandAccepted))]
[JsonSerializable(typeof(CommandConflict))]
[JsonSerializable(typeof(CaseDetailDto))]
[JsonSerializable(typeof(RegionDrillDto))]
[JsonSerializable(typeof(PlacementSuggestionsDto))]
[JsonSerializable(typeof(InterventionRecordDto))]
[JsonSerializable(typeof(IReadOnlyList<RegionRowDto>))]
[JsonSerializable(typeof(AuditPageDto))]
[JsonSerializable(typeof(PersonalDataDto))]
[JsonSerializable(typeof(LedgerPreviewDto))]
[JsonSerializable(typeof(LedgerCommitRequest))]
[JsonSerializable(typeof(LedgerProgressDto))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
