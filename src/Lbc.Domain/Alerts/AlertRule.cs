using Lbc.Domain.Events;

namespace Lbc.Domain.Alerts;

/// <summary>The rules that raise alerts (issue 16). The words are contract: they are alert ids' first part and the UI's resource keys.</summary>
public enum AlertRule : byte
{
    /// <summary>A police stage of a case past its SLA (owner: police of the case's county; escalates).</summary>
    SlaBreached,

    /// <summary>A place of care full or not accepting while children of its region wait for a placement.</summary>
    InstitutionFull,

    /// <summary>A township's overdue-visit rate up by more than the configured points in the configured days.</summary>
    OverdueRise,

    /// <summary>A township's quarterly ledger report not in after the grace period.</summary>
    LedgerLate,

    /// <summary>A child waiting for temporary care beyond the wait target.</summary>
    PlacementLate,

    /// <summary>A mandated reporter type that filed nothing in a county for the configured days.</summary>
    ReporterSilent,
}

public enum AlertSeverity : byte
{
    Low,
    Medium,
    High,
}

public static class AlertVocabulary
{
    public static Vocabulary<AlertRule> Rules { get; } = new(
        ("sla_breached", AlertRule.SlaBreached),
        ("institution_full", AlertRule.InstitutionFull),
        ("overdue_rise", AlertRule.OverdueRise),
        ("ledger_late", AlertRule.LedgerLate),
        ("placement_late", AlertRule.PlacementLate),
        ("reporter_silent", AlertRule.ReporterSilent));

    public static Vocabulary<AlertSeverity> Severities { get; } = new(
        ("low", AlertSeverity.Low),
        ("medium", AlertSeverity.Medium),
        ("high", AlertSeverity.High));

    /// <summary>How urgent each rule is: a child's safety now (high), the duty system slipping (medium), paperwork (low).</summary>
    public static AlertSeverity SeverityOf(AlertRule rule) => rule switch
    {
        AlertRule.SlaBreached or AlertRule.InstitutionFull or AlertRule.PlacementLate => AlertSeverity.High,
        AlertRule.OverdueRise or AlertRule.ReporterSilent => AlertSeverity.Medium,
        _ => AlertSeverity.Low,
    };

    /// <summary>Whose alert it is: police answer for their stage clocks, civil affairs for care, the ledger and reporting duties.</summary>
    public static string OwnerRoleOf(AlertRule rule) =>
        rule == AlertRule.SlaBreached ? Contracts.Roles.PoliceDutyOfficer : Contracts.Roles.CivilAffairs;

    /// <summary>Only a breached police stage escalates (DOMAIN.md: one level up after the configured time unacknowledged).</summary>
    public static bool Escalates(AlertRule rule) => rule == AlertRule.SlaBreached;

    /// <summary>As <see cref="Escalates(AlertRule)"/>, by the rule's word (an <c>AlertDto.Rule</c>).</summary>
    public static bool Escalates(string ruleWord) => Rules.TryParse(ruleWord, out var rule) && Escalates(rule);
}
