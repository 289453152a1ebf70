using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    private IDisposable? _subscription;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    [Inject] public required SessionClient Session { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(() =>
        {
            // The server said nobody is signed in (first visit, expired or revoked session).
            if (Store.NeedsSignIn)
            {
                Navigation.NavigateTo("signin");
                return;
            }
            StateHasChanged();
        }));
        _ = Store.StartAsync();
    }

    private string RoleLabel(string role)
    {
        var s = L["Role_" + role];
        return s.ResourceNotFound ? role : s.Value;
    }

    private async Task SignOutAsync()
    {
        await Session.SignOutAsync();
        // A full load drops the store, the hub connection and everything the previous user saw.
        Navigation.NavigateTo("signin", forceLoad: true);
    }

    public void Dispose() => _subscription?.Dispose();
}
