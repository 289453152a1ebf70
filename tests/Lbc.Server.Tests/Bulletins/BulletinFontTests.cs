using System.Net;
using Lbc.Contracts;

namespace Lbc.Server.Tests.Bulletins;

/// <summary>Without a CJK TrueType font the PDF cannot be made: 503 naming the package; the workbook still comes.</summary>
public sealed class BulletinFontTests
{
    [Fact]
    public async Task Get_NoCjkFontFound_Pdf503NamingThePackage_XlsxStill200()
    {
        await using var factory = new DashboardFactory(new Dictionary<string, string?>
        {
            ["Dashboard:Bulletins:CjkFontSearchPath"] = "/nonexistent/lbc-no-font.ttf",
        });
        using var leader = await factory.CreateClientAs(Roles.LeadingGroup, "21");
        var period = BulletinServer.Month.Code;

        using var pdf = await leader.GetAsync(BulletinRoutes.Of("21", period, "pdf"));
        using var xlsx = await leader.GetAsync(BulletinRoutes.Of("21", period, "xlsx"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
        Assert.Contains("fonts-droid-fallback", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
    }
}
