using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Pages;

/// <summary>
/// Username and password against <c>/api/auth/login</c>; the server sets an HttpOnly cookie. The password lives
/// only in this component until it is posted, and one message covers every wrong username or password.
/// </summary>
public sealed partial class SignIn
{
    private readonly Credentials _form = new();
    private string? _message;
    private bool _busy;

    [Inject] public required SessionClient Session { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    private async Task SubmitAsync()
    {
        _busy = true;
        _message = null;
        var outcome = await Session.SignInAsync(_form.Username ?? "", _form.Password ?? "");
        _form.Password = null;
        _busy = false;
        if (outcome == SignInOutcome.SignedIn)
        {
            // A full load: the store and the hub start fresh under the new user.
            Navigation.NavigateTo("", forceLoad: true);
            return;
        }
        _message = outcome switch
        {
            SignInOutcome.WrongCredentials => L["SignIn_Wrong"],
            SignInOutcome.LockedOut => L["SignIn_Locked"],
            _ => L["SignIn_Failed"],
        };
    }

    private sealed class Credentials
    {
        public string? Username { get; set; }
        public string? Password { get; set; }
    }
}
