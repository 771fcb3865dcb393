namespace DataGovernance.Demo;

internal sealed record RequirementEntry(string Framework, string Reference, string Title)
{
    public string Theme => Framework switch
    {
        "iso27001" => IsoThemes[Reference[2] - '5'],
        "gdpr" => "privacy",
        _ => "common-criteria",
    };

    private static readonly string[] IsoThemes = ["organizational", "people", "physical", "technological"];
}

internal sealed record ControlEntry(string Code, string Title, string Frequency, bool Automated, string[] Requirements);

internal sealed record RiskEntry(string Title, string[] Controls);

internal sealed record EvidenceArtifact(string Label, string Extension, string ContentType);

internal sealed record Department(string Name, string[] JobTitles);

/// <param name="PhoneFormat">A <see cref="Bogus.Randomizer.Replace"/> pattern, as is <paramref name="NationalIdFormat"/>.</param>
internal sealed record CountryProfile(string Code, string Locale, string PhoneFormat, string NationalIdFormat, bool PostcodeFirst, float Weight)
{
    public Bogus.Faker Faker(int seed) => new(Locale) { Random = new Bogus.Randomizer(seed) };

    public string Address(Bogus.Faker faker)
    {
        var (street, postcode, city) = (faker.Address.StreetAddress(), faker.Address.ZipCode(), faker.Address.City());
        var locality = PostcodeFirst ? $"{postcode} {city}" : $"{city} {postcode}";
        return $"{street}, {locality}, {new System.Globalization.RegionInfo(Code).EnglishName}";
    }
}

/// <summary>The fixed catalogue behind the demo tenant: framework references, controls, risks and policies.</summary>
internal static class DemoCatalog
{
    public const string TenantName = "Northwind Health GmbH";
    public const string Domain = "northwind-health.example";

    public static readonly string[] Owners =
    [
        "m.keller@northwind-health.example", "s.brandt@northwind-health.example", "j.oconnor@northwind-health.example",
        "l.fischer@northwind-health.example", "t.vandijk@northwind-health.example", "a.moreau@northwind-health.example",
        "k.schulz@northwind-health.example", "r.hofmann@northwind-health.example",
    ];

    public static readonly RequirementEntry[] Requirements =
    [
        new("soc2", "CC1.1", "Commitment to integrity and ethical values"),
        new("soc2", "CC1.2", "Board independence and oversight of internal control"),
        new("soc2", "CC1.3", "Structures, reporting lines and responsibilities"),
        new("soc2", "CC1.4", "Commitment to attract, develop and retain competent people"),
        new("soc2", "CC1.5", "Accountability for internal control responsibilities"),
        new("soc2", "CC2.1", "Relevant, quality information supports internal control"),
        new("soc2", "CC2.2", "Internal communication of objectives and responsibilities"),
        new("soc2", "CC2.3", "Communication with external parties"),
        new("soc2", "CC3.1", "Objectives specified to identify and assess risks"),
        new("soc2", "CC3.2", "Identification and analysis of risks"),
        new("soc2", "CC3.3", "Consideration of potential for fraud"),
        new("soc2", "CC3.4", "Assessment of significant changes"),
        new("soc2", "CC4.1", "Ongoing and separate evaluations of controls"),
        new("soc2", "CC4.2", "Evaluation and communication of control deficiencies"),
        new("soc2", "CC5.1", "Control activities that mitigate risks"),
        new("soc2", "CC5.2", "General control activities over technology"),
        new("soc2", "CC5.3", "Control activities deployed through policies and procedures"),
        new("soc2", "CC6.1", "Logical access security software, infrastructure and architectures"),
        new("soc2", "CC6.2", "Registration and authorization of new users"),
        new("soc2", "CC6.3", "Role-based access, least privilege and segregation of duties"),
        new("soc2", "CC6.4", "Restriction of physical access to facilities"),
        new("soc2", "CC6.5", "Discontinued logical and physical protections on asset disposal"),
        new("soc2", "CC6.6", "Protection against threats from outside system boundaries"),
        new("soc2", "CC6.7", "Restriction of transmission, movement and removal of information"),
        new("soc2", "CC6.8", "Prevention and detection of unauthorized or malicious software"),
        new("soc2", "CC7.1", "Detection of configuration changes and new vulnerabilities"),
        new("soc2", "CC7.2", "Monitoring of system components for anomalies"),
        new("soc2", "CC7.3", "Evaluation of security events"),
        new("soc2", "CC7.4", "Response to identified security incidents"),
        new("soc2", "CC7.5", "Recovery from identified security incidents"),
        new("soc2", "CC8.1", "Authorization, testing and approval of changes"),
        new("soc2", "CC9.1", "Mitigation of risks from business disruptions"),
        new("soc2", "CC9.2", "Assessment and management of vendor and business partner risks"),
        new("iso27001", "A.5.1", "Policies for information security"),
        new("iso27001", "A.5.2", "Information security roles and responsibilities"),
        new("iso27001", "A.5.9", "Inventory of information and other associated assets"),
        new("iso27001", "A.5.15", "Access control"),
        new("iso27001", "A.5.17", "Authentication information"),
        new("iso27001", "A.5.18", "Access rights"),
        new("iso27001", "A.5.19", "Information security in supplier relationships"),
        new("iso27001", "A.5.23", "Information security for use of cloud services"),
        new("iso27001", "A.5.24", "Information security incident management planning and preparation"),
        new("iso27001", "A.5.30", "ICT readiness for business continuity"),
        new("iso27001", "A.5.34", "Privacy and protection of PII"),
        new("iso27001", "A.6.1", "Screening"),
        new("iso27001", "A.6.3", "Information security awareness, education and training"),
        new("iso27001", "A.7.1", "Physical security perimeters"),
        new("iso27001", "A.8.1", "User endpoint devices"),
        new("iso27001", "A.8.2", "Privileged access rights"),
        new("iso27001", "A.8.5", "Secure authentication"),
        new("iso27001", "A.8.7", "Protection against malware"),
        new("iso27001", "A.8.8", "Management of technical vulnerabilities"),
        new("iso27001", "A.8.12", "Data leakage prevention"),
        new("iso27001", "A.8.13", "Information backup"),
        new("iso27001", "A.8.15", "Logging"),
        new("iso27001", "A.8.16", "Monitoring activities"),
        new("iso27001", "A.8.24", "Use of cryptography"),
        new("iso27001", "A.8.25", "Secure development life cycle"),
        new("iso27001", "A.8.32", "Change management"),
        new("gdpr", "Art. 5", "Principles relating to processing of personal data"),
        new("gdpr", "Art. 6", "Lawfulness of processing"),
        new("gdpr", "Art. 7", "Conditions for consent"),
        new("gdpr", "Art. 9", "Processing of special categories of personal data"),
        new("gdpr", "Art. 12", "Transparent information, communication and modalities"),
        new("gdpr", "Art. 13", "Information to be provided where data are collected from the data subject"),
        new("gdpr", "Art. 15", "Right of access by the data subject"),
        new("gdpr", "Art. 17", "Right to erasure"),
        new("gdpr", "Art. 20", "Right to data portability"),
        new("gdpr", "Art. 21", "Right to object"),
        new("gdpr", "Art. 22", "Automated individual decision-making, including profiling"),
        new("gdpr", "Art. 25", "Data protection by design and by default"),
        new("gdpr", "Art. 28", "Processor"),
        new("gdpr", "Art. 30", "Records of processing activities"),
        new("gdpr", "Art. 32", "Security of processing"),
        new("gdpr", "Art. 33", "Notification of a personal data breach to the supervisory authority"),
        new("gdpr", "Art. 34", "Communication of a personal data breach to the data subject"),
        new("gdpr", "Art. 35", "Data protection impact assessment"),
        new("gdpr", "Art. 37", "Designation of the data protection officer"),
        new("gdpr", "Art. 44", "General principle for transfers"),
        new("gdpr", "Art. 46", "Transfers subject to appropriate safeguards"),
    ];

    public static readonly ControlEntry[] Controls =
    [
        new("GV-01", "Information security policy reviewed and approved annually", "annually", false, ["CC5.3", "A.5.1"]),
        new("GV-02", "Security roles and responsibilities assigned (RACI)", "annually", false, ["CC1.3", "CC1.5", "A.5.2"]),
        new("GV-03", "Quarterly security reporting to the management board", "quarterly", false, ["CC1.2", "CC2.2"]),
        new("GV-04", "Code of conduct acknowledged by all staff", "annually", true, ["CC1.1"]),
        new("GV-05", "Annual enterprise risk assessment", "annually", false, ["CC3.1", "CC3.2", "CC3.4"]),
        new("GV-06", "Fraud risk assessment", "annually", false, ["CC3.3"]),
        new("GV-07", "Internal audit of the ISMS", "annually", false, ["CC4.1", "CC4.2"]),
        new("GV-08", "Control deficiency tracking and remediation", "monthly", false, ["CC4.2", "CC5.1"]),
        new("GV-09", "System description and data flow diagrams maintained", "annually", false, ["CC2.1"]),
        new("GV-10", "Public trust centre communicates security commitments", "quarterly", false, ["CC2.3"]),
        new("HR-01", "Background screening for new hires", "continuous", false, ["CC1.4", "A.6.1"]),
        new("HR-02", "Security awareness training at onboarding and annually", "annually", true, ["CC1.4", "CC2.2", "A.6.3"]),
        new("HR-03", "Phishing simulation campaigns", "monthly", true, ["CC2.2", "A.6.3"]),
        new("HR-04", "Leaver access revoked within 24 hours", "continuous", true, ["CC6.2", "A.5.18"]),
        new("AC-01", "Quarterly user access reviews", "quarterly", false, ["CC6.1", "CC6.2", "CC6.3", "A.5.18"]),
        new("AC-02", "MFA enforcement for all workforce identities", "continuous", true, ["CC6.1", "A.5.17", "A.8.5", "Art. 32"]),
        new("AC-03", "Just-in-time privileged access management", "continuous", true, ["CC6.3", "A.8.2"]),
        new("AC-04", "Role-based access provisioning via approved requests", "continuous", false, ["CC6.2", "CC6.3", "A.5.15"]),
        new("AC-05", "Password and secret management standard", "annually", false, ["A.5.17"]),
        new("AC-06", "Service account inventory and credential rotation", "quarterly", true, ["CC6.1", "A.8.2"]),
        new("AC-07", "Single sign-on for all SaaS applications", "continuous", true, ["CC6.1", "A.8.5"]),
        new("CR-01", "Encryption at rest for databases and storage", "continuous", true, ["CC6.1", "CC6.7", "A.8.24", "Art. 32"]),
        new("CR-02", "TLS 1.2 or higher enforced for data in transit", "continuous", true, ["CC6.7", "A.8.24", "Art. 32"]),
        new("CR-03", "Key management and annual key rotation", "annually", true, ["A.8.24"]),
        new("DP-01", "Record of processing activities maintained", "quarterly", false, ["Art. 30", "Art. 5"]),
        new("DP-02", "DPIA performed for high-risk processing", "annually", false, ["Art. 35", "Art. 9"]),
        new("DP-03", "Data subject requests answered within one month", "continuous", false, ["Art. 12", "Art. 15", "Art. 17", "Art. 20", "Art. 21"]),
        new("DP-04", "Consent capture and withdrawal tracking", "continuous", true, ["Art. 6", "Art. 7"]),
        new("DP-05", "Privacy notices reviewed annually", "annually", false, ["Art. 12", "Art. 13"]),
        new("DP-06", "Retention schedule with automated deletion", "monthly", true, ["Art. 5", "Art. 17", "A.5.34"]),
        new("DP-07", "Data protection officer designated and reachable", "annually", false, ["Art. 37"]),
        new("DP-08", "Transfer impact assessments and SCCs for third-country transfers", "annually", false, ["Art. 44", "Art. 46"]),
        new("DP-09", "Privacy by design review for new features", "continuous", false, ["Art. 25", "A.5.34"]),
        new("DP-10", "Human review of automated triage decisions", "continuous", false, ["Art. 22"]),
        new("DP-11", "Access logging for special-category health data", "continuous", true, ["Art. 9", "A.8.15"]),
        new("DP-13", "Data loss prevention for e-mail and endpoints", "continuous", true, ["CC6.7", "A.8.12"]),
        new("LM-01", "Centralised security logging with 12-month retention", "continuous", true, ["CC7.2", "A.8.15"]),
        new("LM-02", "24/7 security monitoring and alert triage", "continuous", true, ["CC7.2", "CC7.3", "A.8.16"]),
        new("LM-03", "Log integrity protection", "continuous", true, ["A.8.15"]),
        new("VM-01", "Weekly authenticated vulnerability scanning", "weekly", true, ["CC7.1", "A.8.8"]),
        new("VM-02", "Annual external penetration test", "annually", false, ["CC4.1", "CC7.1", "A.8.8"]),
        new("VM-03", "Critical patches applied within 14 days", "monthly", false, ["CC7.1", "A.8.8"]),
        new("VM-04", "Endpoint detection and response on all endpoints", "continuous", true, ["CC6.8", "A.8.7", "A.8.1"]),
        new("VM-05", "Mobile device management and full-disk encryption", "continuous", true, ["CC6.7", "A.8.1"]),
        new("VM-06", "Cloud security posture management", "daily", true, ["CC6.6", "CC7.1", "A.5.23"]),
        new("VM-07", "Web application firewall and DDoS protection", "continuous", true, ["CC6.6"]),
        new("IR-01", "Incident response plan tested annually", "annually", false, ["CC7.4", "A.5.24"]),
        new("IR-02", "Personal data breach notification within 72 hours", "continuous", false, ["CC7.4", "Art. 33", "Art. 34"]),
        new("IR-03", "Post-incident reviews and lessons learned", "continuous", false, ["CC7.3", "CC7.5"]),
        new("BC-01", "Daily backups with immutable copies", "daily", true, ["CC7.5", "CC9.1", "A.8.13"]),
        new("BC-02", "Quarterly backup restore testing", "quarterly", false, ["CC7.5", "A.8.13"]),
        new("BC-03", "Business continuity and disaster recovery exercise", "annually", false, ["CC9.1", "A.5.30"]),
        new("VR-01", "Vendor risk review before onboarding", "continuous", false, ["CC9.2", "A.5.19", "Art. 28"]),
        new("VR-02", "Annual review of critical vendors' assurance reports", "annually", false, ["CC9.2", "A.5.19"]),
        new("VR-03", "Data processing agreements with all processors", "continuous", false, ["Art. 28"]),
        new("VR-04", "Cloud service provider due diligence", "annually", false, ["A.5.23"]),
        new("CM-01", "Peer-reviewed and approved production changes", "continuous", true, ["CC5.2", "CC8.1", "A.8.32"]),
        new("CM-03", "Secure development lifecycle with SAST and dependency scanning", "continuous", true, ["CC8.1", "A.8.25", "Art. 25"]),
        new("AM-01", "Asset inventory maintained", "monthly", true, ["CC6.1", "A.5.9"]),
        new("AM-02", "Certified media disposal", "quarterly", false, ["CC6.5"]),
        new("PH-01", "Badge access to office and server room", "continuous", true, ["CC6.4", "A.7.1"]),
    ];

    public static readonly RiskEntry[] Risks =
    [
        new("Ransomware encrypts the clinical scheduling platform", ["BC-01", "BC-02", "VM-04"]),
        new("Phishing leads to compromised workforce accounts", ["AC-02", "HR-03"]),
        new("Leavers retain access to production systems", ["HR-04", "AC-01"]),
        new("Misconfigured cloud storage exposes patient data", ["VM-06", "CR-01"]),
        new("Critical vendor suffers a data breach", ["VR-01", "VR-02"]),
        new("Unpatched internet-facing service is exploited", ["VM-01", "VM-03"]),
        new("Insider misuse of special-category health data", ["DP-11", "AC-04"]),
        new("Personal data breach not notified within 72 hours", ["IR-02", "LM-02"]),
        new("Unlawful transfer of personal data to a third country", ["DP-08"]),
        new("Backups cannot be restored within the recovery time objective", ["BC-02"]),
        new("Loss or theft of a laptop holding patient data", ["VM-05"]),
        new("Misuse of privileged credentials by administrators", ["AC-03", "LM-01"]),
        new("Unreviewed production change causes an outage", ["CM-01"]),
        new("Vulnerable open-source dependency shipped to production", ["CM-03"]),
        new("DDoS attack takes the patient portal offline", ["VM-07"]),
        new("Data subject requests answered after the statutory deadline", ["DP-03"]),
        new("Patient records kept beyond their retention period", ["DP-06"]),
        new("Security logs insufficient for a forensic investigation", ["LM-01", "LM-03"]),
        new("Outage of the primary cloud region", ["BC-03"]),
        new("Supplier processes personal data without a DPA", ["VR-03"]),
        new("Service desk tricked into resetting a password", ["AC-05", "HR-02"]),
        new("Shadow IT SaaS applications outside single sign-on", ["AC-07", "AM-01"]),
        new("Sensitive data e-mailed to personal accounts", ["DP-13"]),
        new("Inaccurate consent records for patient communications", ["DP-04"]),
        new("Automated triage decision taken without human review", ["DP-10"]),
        new("Intrusion into the Berlin office server room", ["PH-01"]),
        new("Encryption keys compromised or lost", ["CR-03"]),
        new("Key person dependency in the security team", ["GV-02"]),
        new("Regulatory change in EU health data rules", ["GV-05"]),
        new("Fraudulent payment request via business e-mail compromise", ["GV-06", "AC-02"]),
    ];

    public static readonly string[] Policies =
    [
        "Information Security Policy", "Acceptable Use Policy", "Access Control Policy", "Data Retention and Deletion Policy",
        "Data Protection Policy", "Incident Response Policy", "Business Continuity Policy", "Vendor Management Policy",
        "Change Management Policy", "Cryptography Policy", "Secure Development Policy", "Remote Working Policy",
        "Data Classification Policy", "Backup Policy", "Code of Conduct",
    ];

    public static readonly string[] PassedFindings =
    [
        "No exceptions noted.", "No exceptions noted across a sample of 25 items.",
        "Operating effectively; one observation on documentation timeliness.", "Design and operating effectiveness confirmed.",
    ];

    public static readonly string[] FailedFindings =
    [
        "2 of 25 sampled leavers kept access for more than 24 hours.", "Review evidence missing for one quarter.",
        "Three critical vulnerabilities open beyond the 14-day SLA.", "Approval missing for 4 of 40 sampled production changes.",
        "Restore of the reporting database exceeded the 4-hour RTO.",
    ];

    public static readonly string[] Assessors = ["Internal Audit", "Security & Compliance", "External auditor (SOC 2 Type II)", "ISO certification body"];

    public static readonly EvidenceArtifact[] Artifacts =
    [
        new("Configuration screenshot", "png", "image/png"),
        new("System export", "csv", "text/csv"),
        new("Signed review", "pdf", "application/pdf"),
        new("Review workbook", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        new("Log extract", "json", "application/json"),
    ];

    public static readonly Department[] Departments =
    [
        new("Engineering", ["Software Engineer", "Senior Software Engineer", "Engineering Manager", "Site Reliability Engineer"]),
        new("Security & Compliance", ["Security Engineer", "Compliance Analyst", "Chief Information Security Officer"]),
        new("Clinical Operations", ["Clinical Coordinator", "Medical Data Specialist", "Head of Clinical Operations"]),
        new("Data & Analytics", ["Data Engineer", "Data Scientist", "Analytics Lead"]),
        new("Customer Success", ["Customer Success Manager", "Support Specialist", "Implementation Consultant"]),
        new("Finance", ["Financial Controller", "Accountant", "Head of Finance"]),
        new("People & Culture", ["HR Business Partner", "Talent Acquisition Specialist", "People Operations Manager"]),
        new("Legal & Privacy", ["Legal Counsel", "Data Protection Officer", "Privacy Analyst"]),
        new("IT Operations", ["IT Administrator", "Service Desk Analyst", "Head of IT"]),
        new("Sales", ["Account Executive", "Sales Development Representative", "Head of Sales"]),
    ];

    public static readonly CountryProfile[] Countries =
    [
        new("DE", "de", "+49 30 #######", "## ### ### ###", true, 0.45f),
        new("AT", "de_AT", "+43 1 #######", "#### ######", true, 0.08f),
        new("CH", "de_CH", "+41 44 ### ## ##", "756.####.####.##", true, 0.06f),
        new("NL", "nl", "+31 20 ### ####", "#########", true, 0.08f),
        new("FR", "fr", "+33 1 ## ## ## ##", "# ## ## ## ### ### ##", true, 0.07f),
        new("GB", "en_GB", "+44 20 7946 0###", "QQ ## ## ## C", false, 0.08f),
        new("IE", "en_IE", "+353 1 ### ####", "#######?", false, 0.05f),
        new("ES", "es", "+34 91 ### ## ##", "########?", true, 0.05f),
        new("US", "en_US", "+1 212 555 01##", "9##-##-####", false, 0.08f),
    ];
}
