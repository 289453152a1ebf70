using Lbc.Domain.Events;

namespace Lbc.Domain.Tests.TestSupport;

/// <summary>One valid <c>data</c> object for every type of catalog v1, with real Liaoning codes.</summary>
internal static class SampleEvents
{
    public static object DataFor(string type) => type switch
    {
        EventTypes.ChildRegistered => new
        {
            child_id = "c-1", village_code = Geography.ShenyangVillage, birth_date = "2015-09-01",
            kind = "both_parents_away", guardian = "entrusted",
        },
        EventTypes.ChildUpdated => new { child_id = "c-1", village_code = Geography.ShenyangVillage, guardian = "parent_at_home" },
        EventTypes.ChildExited => new { child_id = "c-1", reason = "parent_returned" },
        EventTypes.LedgerSubmitted => new { township_code = Geography.ShenyangTownship, quarter = "2025Q4" },
        EventTypes.VisitRecorded => new { child_id = "c-1", visitor_id = "v-1", finding = "ok" },
        EventTypes.PairingAssigned => new { child_id = "c-1", teacher_id = "t-1" },
        EventTypes.DropoutReported => new { child_id = "c-1" },
        EventTypes.DropoutReturned => new { child_id = "c-1" },
        EventTypes.ReportFiled => new
        {
            report_id = "r-1", village_code = Geography.ChaoyangVillage, category = "living_alone", reporter_type = "school",
        },
        EventTypes.CaseParentsContacted => new { report_id = "r-1", reached = false },
        EventTypes.CaseChildEscorted => new { report_id = "r-1", to = "institution", institution_id = "inst-1" },
        EventTypes.CaseClosed => new { report_id = "r-1", outcome = "child returned to the entrusted guardian" },
        EventTypes.PlacementRequested => new { placement_id = "p-1", report_id = "r-1", township_code = Geography.ChaoyangTownship },
        EventTypes.PlacementAssigned => new { placement_id = "p-1", institution_id = "inst-1" },
        EventTypes.PlacementAdmitted => new { placement_id = "p-1" },
        EventTypes.PlacementEnded => new { placement_id = "p-1", reason = "returned_home" },
        EventTypes.InstitutionRegistered => new
        {
            institution_id = "inst-1", name = "朝阳县儿童福利院", kind = "welfare_institution",
            region_code = Geography.ChaoyangCounty, capacity = 40,
        },
        EventTypes.InstitutionStatus => new { institution_id = "inst-1", occupied = 12, accepting = true },
        EventTypes.AssessmentCompleted => new { report_id = "r-1", risk_level = "medium", services = new[] { "psychological" } },
        EventTypes.ServiceArranged => new { report_id = "r-1", service = "psychological" },
        EventTypes.InterventionRecorded => new { report_id = "r-1", measure = "criticism" },
        EventTypes.AuditRecorded => new { action = "sign_in", outcome = "ok", user = "admin", role = "administrator", jurisdiction = "21" },
        EventTypes.AlertAcknowledged => new { alert_id = "sla_breached:r-1:acknowledged" },
        EventTypes.AlertMuted => new { alert_id = "sla_breached:r-1:acknowledged", until = "2030-01-01T08:00:00+08:00", reason = "家长已在路上" },
        // case.acknowledged, dispatched, on_scene, search_started, child_found, township_notified; assessment.opened
        _ => new { report_id = "r-1" },
    };
}
