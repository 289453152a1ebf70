using System.Globalization;
using System.Text.Json;
using Lbc.Domain.Events;
using Lbc.Domain.Regions;

namespace Lbc.Server.Simulator;

/// <summary>
/// The simulated people who record steps (<c>data.actor</c>): a few duty officers per city for police steps and one
/// civil-affairs coordinator per city for placements and petitions. Clearly simulated, never real people: usernames
/// start with <c>sim.</c> and display names with 模拟 and a common surname only. No one signs in as them; the
/// simulator stays its own producer (<c>src</c>) and names them as the person who acted, as the dashboard names its
/// signed-in user.
/// </summary>
internal sealed class DutyRoster
{
    public const int OfficersPerCity = 4;

    private static readonly string[] s_surnames =
        ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];

    private readonly Dictionary<string, Actor[]> _officers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Actor> _coordinators = new(StringComparer.Ordinal);

    public DutyRoster(RegionCatalog regions)
    {
        for (var c = 0; c < regions.Cities.Count; c++)
        {
            var city = regions.Cities[c];
            var officers = new Actor[OfficersPerCity];
            for (var n = 0; n < OfficersPerCity; n++)
            {
                var surname = s_surnames[(c * OfficersPerCity + n) % s_surnames.Length];
                officers[n] = new Actor(string.Create(CultureInfo.InvariantCulture, $"sim.{city.Code}.{n + 1:D2}"),
                    $"模拟值班员 {surname}（{city.Name}）");
            }
            _officers[city.Code] = officers;
            _coordinators[city.Code] = new Actor($"sim.mz.{city.Code}.01",
                $"模拟民政协调员 {s_surnames[(c * 7 + 3) % s_surnames.Length]}（{city.Name}）");
        }
    }

    /// <summary>Officer <paramref name="n"/> (any number: taken modulo the roster) on duty in the city of <paramref name="regionCode"/>.</summary>
    public Actor Officer(string regionCode, int n)
    {
        var officers = _officers[regionCode[..4]];
        return officers[(int)((uint)n % (uint)officers.Length)];
    }

    /// <summary>The civil-affairs coordinator of the city of <paramref name="regionCode"/>.</summary>
    public Actor Coordinator(string regionCode) => _coordinators[regionCode[..4]];

    public static void Write(Utf8JsonWriter w, Actor actor)
    {
        w.WriteStartObject("actor");
        w.WriteString("username", actor.Username);
        w.WriteString("display_name", actor.DisplayName);
        w.WriteEndObject();
    }
}
