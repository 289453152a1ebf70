using System.Globalization;
using Lbc.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Model;

/// <summary>A command's answer as one line for the officer: recorded, who was first, or why not.</summary>
public static class CommandMessages
{
    public static (string Text, bool Ok) Describe(CommandResult result, IStringLocalizer<Strings> l, string action) => result switch
    {
        CommandResult.Accepted => (string.Format(CultureInfo.CurrentCulture, l["Command_Recorded"], action), true),
        CommandResult.Conflict c when c.Body.ActedByName.Length == 0 => (string.Format(CultureInfo.CurrentCulture, l["Command_Moved"], action, c.Body.Reason), false),
        CommandResult.Conflict c => (string.Format(CultureInfo.CurrentCulture, l["Command_Conflict"], c.Body.ActedByName,
            ChinaTime.Of(c.Body.At).ToString("HH:mm:ss", CultureInfo.CurrentCulture), action), false),
        CommandResult.Refused r => (string.Format(CultureInfo.CurrentCulture, l["Command_Refused"], action, r.Reason), false),
        CommandResult.Failed f => (string.Format(CultureInfo.CurrentCulture, l["Command_Failed"], action, f.Reason), false),
        _ => (action, false),
    };
}
