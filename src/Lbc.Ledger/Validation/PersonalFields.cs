namespace Lbc.Ledger.Validation;

/// <summary>
/// The personal values of one ledger row, kept apart from everything that goes on the event log.
/// <para>
/// This is the seam for the security layer (ARCHITECTURE.md "Personal data"): it encrypts these with the child's
/// own key and stores them beside the log, so deleting the key erases them everywhere. Nothing in this library
/// writes them into an event, a problem reason or an exception; <see cref="ToString"/> shows none of them so a
/// record that reaches a log by accident leaks nothing.
/// </para>
/// Besides names and the phone number this holds the other free text of the row: the teacher's and the visitor's
/// names are personal data of staff, and the school and the parents' work place identify a child together with
/// the village. <see cref="Sex"/> is here because no event carries it and the ledger must not lose it.
/// </summary>
public sealed record PersonalFields(
    string Name,
    string Sex,
    string? GuardianName,
    string? GuardianPhone,
    string? ParentsWorkPlace,
    string? School,
    string? PairedTeacher,
    string? VisitedBy)
{
    /// <summary>False for a held child's row that left name and sex empty: nothing personal to store, the held data stays.</summary>
    public bool Given => Name.Length > 0;

    public override string ToString() => "PersonalFields { (personal data, not shown) }";
}
