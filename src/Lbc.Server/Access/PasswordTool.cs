namespace Lbc.Server.Access;

/// <summary>
/// <c>dotnet run --project src/Lbc.Server -- hash-password</c>: reads a password from standard input (never
/// from the command line, where it would land in the shell history) and prints its hash for
/// <c>Dashboard:Users:&lt;username&gt;:PasswordHash</c>.
/// </summary>
public static class PasswordTool
{
    public const string Command = "hash-password";

    public static int Run(TextReader input, TextWriter output, TextWriter prompt, bool interactive)
    {
        prompt.Write("Password: ");
        var password = interactive ? ReadHidden() : input.ReadLine();
        prompt.WriteLine();
        if (string.IsNullOrEmpty(password))
        {
            prompt.WriteLine("No password given.");
            return 1;
        }
        output.WriteLine(PasswordHashing.Hash(password));
        return 0;
    }

    private static string ReadHidden()
    {
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                return new string([.. chars]);
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Add(key.KeyChar);
            }
        }
    }
}
