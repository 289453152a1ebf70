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
        Navigation.LocationChanged += OnLocationChanged;
        _ = Store.StartAsync();
    }

    /// <summary>Wall mode (<c>?wall=1</c>): the top bar keeps only the title and the connection state.</summary>
    private bool IsWall => Navigation.Uri.Contains("wall=1", StringComparison.Ordinal);

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

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) => StateHasChanged();

    public void Dispose()
    {
        _subscription?.Dispose();
        Navigation.LocationChanged -= OnLocationChanged;
    }
}
