namespace Lbc.Domain.Care;

/// <summary>
/// Why the coordinator may not assign a child to a place now: a stable <see cref="Rule"/> id (for the 400
/// ProblemDetails and for tests) and the <see cref="Reason"/> in words.
/// </summary>
public sealed record CareRefusal(string Rule, string Reason);

/// <summary>
/// Pure rules of the civil-affairs board for commands (no state of its own: the server calls it under the
/// projection's lock with the institution and placement it is about to append to). The projection itself applies
/// every <c>placement.assigned</c> on the log, full or not: an event is a fact, a refusal is the command's business.
/// </summary>
public static class CarePolicy
{
    /// <summary>Null when a child may be assigned to <paramref name="institution"/> now; otherwise why not.</summary>
    public static CareRefusal? CanAssign(InstitutionState institution)
    {
        if (!institution.Accepting)
        {
            return new CareRefusal("institution-not-accepting", $"{institution.Name} is not accepting children now");
        }
        if (institution.Free <= 0)
        {
            return new CareRefusal("institution-full",
                $"{institution.Name} has no free bed ({institution.Occupied} occupied and {institution.Reserved} reserved of {institution.Capacity})");
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="placement"/> may be assigned to <paramref name="institution"/> now: the placement is
    /// still waiting and the place accepts with a free bed.
    /// </summary>
    public static CareRefusal? CanAssign(PlacementState placement, InstitutionState institution)
    {
        if (placement.Stage != PlacementStage.Requested)
        {
            return placement.InstitutionId == institution.Id
                ? new CareRefusal("already-assigned", $"the child is already assigned to {institution.Name}")
                : new CareRefusal("placement-not-waiting",
                    $"the placement is already {placement.Stage.ToString().ToLowerInvariant()} elsewhere: end it first");
        }
        return CanAssign(institution);
    }
}
