using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>What a sign-in attempt came to; the page shows a message per outcome, never which field was wrong.</summary>
public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
    Failed,
}

/// <summary>
/// The signed-in user, from the server's <c>/api/auth/me</c>. The session itself is an HttpOnly cookie the
/// app never sees; nothing about the user is kept in browser storage.
/// </summary>
public sealed class SessionClient(HttpClient http, EarlyData early)
{
    private bool _earlyTaken;

    /// <summary>The current user, or null before loading and after signing out.</summary>
    public UserInfo? User { get; private set; }

    public bool SeesAggregatesOnly => User is { } u && Roles.SeesAggregatesOnly(u.Role);

    /// <summary>Asks the server who is signed in; null when nobody is (401).</summary>
    public async Task<UserInfo?> LoadAsync(CancellationToken cancellationToken = default)
    {
        // The first time: the answer index.html asked for before boot, if it got one. No answer there (a 401,
        // a failure) proves nothing: the server is asked, as every later time.
        if (!_earlyTaken)
        {
            _earlyTaken = true;
            if (await early.TakeAsync(EarlyData.Me).ConfigureAwait(false) is { } json && ParseOrNull(json) is { } user)
            {
                User = user;
                return user;
            }
        }
        using var response = await http.GetAsync(AuthRoutes.Me, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            User = null;
            return null;
        }
        response.EnsureSuccessStatusCode();
        User = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.UserInfo, cancellationToken).ConfigureAwait(false);
        return User;
    }

    private static UserInfo? ParseOrNull(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ContractsJsonContext.Default.UserInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<SignInOutcome> SignInAsync(string username, string password)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(AuthRoutes.Login, new LoginRequest(username, password),
                ContractsJsonContext.Default.LoginRequest).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    User = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.UserInfo).ConfigureAwait(false);
                    return SignInOutcome.SignedIn;
                case HttpStatusCode.Unauthorized:
                    return SignInOutcome.WrongCredentials;
                case HttpStatusCode.TooManyRequests:
                    return SignInOutcome.LockedOut;
                default:
                    return SignInOutcome.Failed;
            }
        }
        catch (HttpRequestException)
        {
            return SignInOutcome.Failed;
        }
    }

    public async Task SignOutAsync()
    {
        User = null;
        try
        {
            using var _ = await http.PostAsync(AuthRoutes.Logout, content: null).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The page goes to sign-in either way; the cookie expires on its own.
        }
    }
}
