using System.Reflection;
using System.Reflection.Emit;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>
/// Reads the IL of compiled code for the calls that decide whether XML parsing allows DTDs (and so external entities and
/// entity expansion): a DTD setting other than <c>DtdProcessing.Prohibit</c>, a resolver other than null, and parsers that
/// open their input with their own reader settings instead of taking an <c>XmlReader</c> (XmlDocument.Load(stream),
/// XDocument.Parse, XmlTextReader…). <c>XmlReader.Create</c> itself prohibits DTDs unless its settings say otherwise, and
/// those settings are the first rule. Every call into System.Xml is listed, so a test can see the scan looked.
/// </summary>
internal static class XmlParsingScan
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    /// <summary>Parsers that pick their own reader settings unless handed an XmlReader, by type and method.</summary>
    private static readonly Dictionary<string, string[]> SelfReadingParsers = new(StringComparer.Ordinal)
    {
        ["System.Xml.XmlDocument"] = ["Load", "LoadXml"],
        ["System.Xml.Linq.XDocument"] = ["Load", "LoadAsync", "Parse"],
        ["System.Xml.Linq.XElement"] = ["Load", "LoadAsync", "Parse"],
        ["System.Xml.XmlTextReader"] = [".ctor"],
        ["System.Xml.XmlValidatingReader"] = [".ctor"],
        ["System.Xml.XPath.XPathDocument"] = [".ctor"],
        ["System.Xml.Serialization.XmlSerializer"] = ["Deserialize"],
        ["System.Xml.Xsl.XslCompiledTransform"] = ["Load"],
        ["System.Xml.Schema.XmlSchema"] = ["Read"],
        ["System.Data.DataSet"] = ["ReadXml", "ReadXmlSchema"],
        ["System.Data.DataTable"] = ["ReadXml", "ReadXmlSchema"],
    };

    public sealed record Report(IReadOnlyList<string> Offences, IReadOnlyCollection<string> XmlCalls, int MethodsRead);

    public static Report Scan(IEnumerable<Type> types)
    {
        var offences = new List<string>();
        var xmlCalls = new SortedSet<string>(StringComparer.Ordinal);
        var methodsRead = 0;
        foreach (var type in types)
        {
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                if (method.GetMethodBody()?.GetILAsByteArray() is not { } il)
                {
                    continue;
                }
                methodsRead++;
                foreach (var (callee, previous) in Calls(method, il))
                {
                    var declaring = callee.DeclaringType?.FullName ?? "";
                    if (declaring.StartsWith("System.Xml", StringComparison.Ordinal) || declaring.StartsWith("System.Data.Data", StringComparison.Ordinal))
                    {
                        xmlCalls.Add($"{callee.DeclaringType!.Name}.{callee.Name}");
                    }
                    if (Offence(callee, declaring, previous) is { } offence)
                    {
                        offences.Add($"{type.FullName}.{method.Name}: {offence}");
                    }
                }
            }
        }
        return new Report(offences, xmlCalls, methodsRead);
    }

    private static string? Offence(MethodBase callee, string declaring, OpCode previous) => (declaring, callee.Name) switch
    {
        ("System.Xml.XmlReaderSettings", "set_DtdProcessing") when previous != OpCodes.Ldc_I4_0 =>
            "sets XmlReaderSettings.DtdProcessing to something other than Prohibit",
        ("System.Xml.XmlReaderSettings", "set_ProhibitDtd") when previous != OpCodes.Ldc_I4_1 => "allows DTDs through XmlReaderSettings.ProhibitDtd",
        (_, "set_XmlResolver") when declaring.StartsWith("System.Xml", StringComparison.Ordinal) && previous != OpCodes.Ldnull =>
            $"gives {callee.DeclaringType!.Name} an XmlResolver",
        _ when SelfReadingParsers.TryGetValue(declaring, out var names) && names.Contains(callee.Name)
            && !callee.GetParameters().Any(parameter => parameter.ParameterType.FullName == "System.Xml.XmlReader") =>
            $"parses XML with {callee.DeclaringType!.Name}.{callee.Name} on its own reader settings instead of an XmlReader",
        _ => null,
    };

    /// <summary>Each call, constructor call or method pointer in the body, with the instruction just before it (the last argument pushed).</summary>
    private static IEnumerable<(MethodBase Callee, OpCode Previous)> Calls(MethodBase method, byte[] il)
    {
        var previous = OpCodes.Nop;
        var at = 0;
        while (at < il.Length)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
            {
                var token = BitConverter.ToInt32(il, at);
                yield return (Resolve(method, token), previous);
            }
            at += OperandSize(code, il, at);
            previous = code;
        }
    }

    private static MethodBase Resolve(MethodBase method, int token)
    {
        var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        return method.Module.ResolveMethod(token, typeArguments, methodArguments)
            ?? throw new InvalidOperationException($"Token {token:X8} in {method.DeclaringType?.FullName}.{method.Name} names no method.");
    }

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
