namespace EMage.Domain.Common;

/// <summary>The Luhn check digit used by RPPS (11 digits) and FINESS (9 digits) numbers.</summary>
public static class Luhn
{
    public static bool IsValid(string digits, int length) =>
        digits.Length == length && digits.All(char.IsAsciiDigit) && Sum(digits) % 10 == 0;

    /// <summary>The digits followed by the check digit that makes them valid.</summary>
    public static string WithCheckDigit(string digits)
    {
        var check = (10 - Sum(digits + "0") % 10) % 10;
        return digits + (char)('0' + check);
    }

    private static int Sum(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
        }

        return sum;
    }
}
