using DataGovernance.Outcomes;

namespace DataGovernance.Classification;

/// <summary>Checks a <see cref="TenantRecognizersRequest"/>: unique names, patterns that compile, sane time limits.</summary>
public static class TenantRecognizerValidator
{
    public const int MaxNameLength = 64;

    public const int MaxContextWordLength = 50;

    public static Result<IReadOnlyList<TenantRecognizer>> Validate(TenantRecognizersRequest request)
    {
        var errors = new FieldErrors();
        var requested = request.Recognizers ?? [];
        if (request.Recognizers is null)
        {
            errors.Add("recognizers", "Required: a list of recognizers (may be empty).");
        }
        if (requested.Count > TenantRecognizers.MaxRecognizers)
        {
            return Failure.Validation(errors.Add("recognizers", $"At most {TenantRecognizers.MaxRecognizers} recognizers; got {requested.Count}."));
        }
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var recognizers = new List<TenantRecognizer>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] is not { } recognizer)
            {
                errors.Add($"recognizers[{i}]", "Must be an object with a name and a pattern.");
                continue;
            }
            if (recognizer.Name?.Trim() is { Length: > 0 } name && !names.TryAdd(name, i))
            {
                errors.Add($"recognizers[{i}].name", $"The same name as recognizers[{names[name]}]; names must be unique.");
            }
            if (One(recognizer, $"recognizers[{i}]", errors) is { } valid)
            {
                recognizers.Add(valid);
            }
        }
        return errors.Any ? Failure.Validation(errors) : recognizers;
    }

    private static TenantRecognizer? One(TenantRecognizerRequest request, string at, FieldErrors errors)
    {
        var before = errors.ToDictionary().Count;
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.'))
        {
            errors.Add($"{at}.name", $"Required: 1–{MaxNameLength} letters, digits, spaces, '-', '_' or '.'.");
        }
        else if (Classifier.BuiltIn.Any(builtIn => string.Equals(builtIn.Entity, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{at}.name", $"'{name}' is a built-in entity type; choose another name.");
        }
        var timeout = request.TimeoutMilliseconds ?? TenantRecognizers.DefaultTimeoutMilliseconds;
        if (timeout is < 1 or > TenantRecognizers.MaxTimeoutMilliseconds)
        {
            errors.Add($"{at}.timeoutMilliseconds", $"Must be 1–{TenantRecognizers.MaxTimeoutMilliseconds} milliseconds.");
        }
        Pattern(request.Pattern, at, errors);
        var validator = RecognizerValidator.None;
        if (request.Validator is not null && !Enum.TryParse(request.Validator, ignoreCase: true, out validator) || !Enum.IsDefined(validator))
        {
            errors.Add($"{at}.validator", $"Must be one of: {string.Join(", ", Enum.GetNames<RecognizerValidator>())}.");
        }
        var category = PiiCategory.Other;
        if (request.Category is not null && !Enum.TryParse(request.Category, ignoreCase: true, out category) || !Enum.IsDefined(category))
        {
            errors.Add($"{at}.category", $"Must be one of: {string.Join(", ", Enum.GetNames<PiiCategory>())}.");
        }
        var words = ContextWords(request.ContextWords ?? [], at, errors);
        return errors.ToDictionary().Count == before
            ? new TenantRecognizer(name, request.Pattern!, timeout, validator, words, category)
            : null;
    }

    private static void Pattern(string? pattern, string at, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(pattern) || pattern.Length > TenantRecognizers.MaxPatternLength)
        {
            errors.Add($"{at}.pattern", $"Required: a .NET regular expression of at most {TenantRecognizers.MaxPatternLength} characters.");
            return;
        }
        try
        {
            var regex = CustomRecognizer.Compile(pattern, TenantRecognizers.DefaultTimeoutMilliseconds);
            if (regex.IsMatch(""))
            {
                errors.Add($"{at}.pattern", "Must not match the empty string.");
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{at}.pattern", $"Does not compile: {ex.Message}");
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            errors.Add($"{at}.pattern", "Times out on the empty string.");
        }
    }

    private static List<string> ContextWords(IReadOnlyList<string?> requested, string at, FieldErrors errors)
    {
        if (requested.Count > TenantRecognizers.MaxContextWords)
        {
            errors.Add($"{at}.contextWords", $"At most {TenantRecognizers.MaxContextWords} context words; got {requested.Count}.");
            return [];
        }
        var words = new List<string>(requested.Count);
        for (var i = 0; i < requested.Count; i++)
        {
            var word = requested[i]?.Trim();
            if (string.IsNullOrEmpty(word) || word.Length > MaxContextWordLength)
            {
                errors.Add($"{at}.contextWords[{i}]", $"Must be 1–{MaxContextWordLength} characters.");
                continue;
            }
            words.Add(word);
        }
        return words;
    }
}
