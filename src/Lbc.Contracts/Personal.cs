namespace Lbc.Contracts;

/// <summary>
/// The personal data of a case, revealed on request (<c>GET /api/cases/{caseId}/personal?reason=</c>) to a case-level user of
/// its jurisdiction, with a reason, and audited. Answered <c>no-store</c>; never cached by the dashboard.
/// </summary>
public sealed record PersonalDataDto(
    string CaseId,
    string? ChildName,
    string? ChildBirthDate,
    string? GuardianName,
    string? GuardianPhone,
    string? ReporterName,
    string? ReporterPhone,
    string? Address);

/// <summary>The personal fields of the mandatory-report form (<c>POST /api/reports</c>, field <c>personal</c>).</summary>
public sealed record PersonalForm(
    string? ChildName = null,
    string? ChildBirthDate = null,
    string? GuardianName = null,
    string? GuardianPhone = null,
    string? ReporterName = null,
    string? ReporterPhone = null,
    string? Address = null);

public static class PersonalRoutes
{
    public const string Personal = "/api/cases/{caseId}/personal";

    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 500;

    public static string PersonalOf(string caseId, string reason) =>
        $"/api/cases/{Uri.EscapeDataString(caseId)}/personal?reason={Uri.EscapeDataString(reason)}";
}
