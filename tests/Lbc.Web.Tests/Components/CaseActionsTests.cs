using Bunit;
using Lbc.Contracts;
using Lbc.Web.Components.Controls;
using Lbc.Web.Components.Pages;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Components;

public sealed class CaseActionsTests : DashboardTestContext
{
    private static CaseDetailDto Detail(params NextStepDto[] steps) =>
        new(Case("R-1"), null, null, null, null, null, null, false, [], steps, null);

    [Fact]
    public void Police_SeeAButtonPerStepAskedNow()
    {
        var cut = Render<CaseActions>(ps => ps
            .Add(p => p.Detail, Detail(new NextStepDto("case.acknowledged", "acknowledged", false)))
            .Add(p => p.Institutions, Array.Empty<InstitutionChoice>())
            .Add(p => p.MayRecord, true));

        var button = cut.Find("button[data-action='case.acknowledged']");
        Assert.False(button.HasAttribute("disabled"));
    }

    [Fact]
    public void CivilAffairsOrTownshipStaff_SeeTheStepsAskedNext_WithoutAButtonTheServerWouldRefuse()
    {
        var cut = Render<CaseActions>(ps => ps
            .Add(p => p.Detail, Detail(new NextStepDto("case.acknowledged", "acknowledged", false)))
            .Add(p => p.Institutions, Array.Empty<InstitutionChoice>())
            .Add(p => p.MayRecord, false));

        Assert.Empty(cut.FindAll("button"));
        Assert.Single(cut.FindAll("[data-steps-readonly] li"));
        Assert.Contains("公安值班民警", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void StepsChangeUnderTheCursor_TheNewButtonHoldsClicksForAMoment()
    {
        var cut = Render<CaseActions>(ps => ps
            .Add(p => p.Detail, Detail(new NextStepDto("case.acknowledged", "acknowledged", false)))
            .Add(p => p.Institutions, Array.Empty<InstitutionChoice>()));

        cut.Render(ps => ps.Add(p => p.Detail, Detail(new NextStepDto("case.dispatched", "dispatched", false))));

        Assert.True(cut.Find("button[data-action='case.dispatched']").HasAttribute("disabled"));
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-action='case.dispatched']").HasAttribute("disabled")),
            TimeSpan.FromSeconds(5));
    }
}
