import Foundation
import PostTraceCore
import S10

/// `/lanes/{origin}-{destination}`: a lane's figures from the prepared table, with a server-rendered SVG chart
/// of the days spent at each stage (no script needed). `?service=E` narrows to one service.
enum LanePage {
    static func respond(_ req: HTTPRequest, table: LaneTable, context ctx: PageContext) -> HTTPResponse {
        let services = req.queryValues("service")
        guard let lane = Lane(text: req.pathParameters["lane"] ?? ""), services.count <= 1 else {
            return PageRoutes.html(404, message(ctx, ctx.t(.laneInvalid)), ctx.language)
        }
        var service: ServiceLetter?
        if let text = services.first {
            guard let letter = ServiceLetter(text) else { return PageRoutes.html(404, message(ctx, ctx.t(.laneInvalid)), ctx.language) }
            service = letter
        }
        let title = ctx.t(.laneTitle, ["origin": PageCatalogue.country(lane.origin, ctx.language) ?? lane.origin,
                                       "destination": PageCatalogue.country(lane.destination, ctx.language) ?? lane.destination])
        guard let stats = table.statistics(for: lane, service: service) else {
            return PageRoutes.html(404, PageLayout.render(ctx, title: title) { w in
                w.raw("<section class=\"card lane\">"); w.element("h1", text: title)
                w.element("p", ["class": "notice"], text: ctx.t(.laneNoHistory)); w.raw("</section>")
            }, ctx.language)
        }
        let offered = table.statistics.filter { $0.lane == lane }.compactMap(\.service)
        return PageRoutes.html(200, PageLayout.render(ctx, title: title) { w in
            w.raw("<section class=\"card lane\" aria-labelledby=\"lane-h\">")
            w.open("h1", ["id": "lane-h"]); w.text(title); w.close("h1")
            w.element("p", text: ctx.t(.laneIntro))
            serviceChoice(ctx, lane, service, offered, &w)
            figures(ctx, stats, &w)
            stages(ctx, stats, &w)
            trend(ctx, stats, &w)
            w.raw("</section>")
        }, ctx.language)
    }

    private static func message(_ ctx: PageContext, _ text: String) -> [UInt8] {
        PageLayout.render(ctx, title: text) { w in
            w.raw("<section class=\"card lane\">"); w.element("p", ["class": "notice"], text: text); w.raw("</section>")
        }
    }

    static func days(_ ctx: PageContext, _ value: Double?) -> String {
        guard let value else { return ctx.t(.laneUnknown) }
        return ctx.t(.laneDays, ["days": String(format: "%.1f", value)])
    }

    private static func serviceChoice(_ ctx: PageContext, _ lane: Lane, _ chosen: ServiceLetter?, _ offered: [ServiceLetter],
                                      _ w: inout HTMLWriter) {
        w.open("nav", ["class": "services", "aria-label": ctx.t(.laneServices)])
        w.raw("<ul>")
        let choices: [ServiceLetter?] = [nil] + offered
        for choice in choices {
            let name = choice.map { $0.name(in: ctx.language) } ?? ctx.t(.laneAllServices)
            w.raw("<li>")
            if choice == chosen {
                w.open("span", ["aria-current": "page"]); w.text(name); w.close("span")
            } else {
                w.open("a", ["href": ctx.link("/lanes/\(lane)", choice.map { [("service", $0.letter)] } ?? [])]); w.text(name); w.close("a")
            }
            w.raw("</li>")
        }
        w.raw("</ul></nav>")
    }

    private static func figures(_ ctx: PageContext, _ s: LaneStatistics, _ w: inout HTMLWriter) {
        w.raw("<dl class=\"facts\">")
        func fact(_ label: Phrase, _ value: String) {
            w.raw("<div>"); w.element("dt", text: ctx.t(label)); w.element("dd", text: value); w.raw("</div>")
        }
        fact(.laneItems, String(s.items))
        fact(.laneDelivered, "\(s.delivered) (\(Int((s.deliveredShare * 100).rounded())) %)")
        fact(.laneTransit, ctx.t(.laneFigures, ["median": days(ctx, s.transitDays.median), "p80": days(ctx, s.transitDays.p80),
                                               "p95": days(ctx, s.transitDays.p95)]))
        if let held = s.heldShare {
            fact(.laneHeld, "\(String(format: "%.1f", held * 100)) %")
            fact(.laneHoldTime, days(ctx, s.holdDays.median))
        }
        w.raw("</dl>")
    }

    private static func stages(_ ctx: PageContext, _ s: LaneStatistics, _ w: inout HTMLWriter) {
        w.element("h2", ["id": "lane-stages"], text: ctx.t(.laneStagesHeading))
        w.rawBuilt(LaneChart.svg(s.stages, label: ctx.t(.laneChartLabel), language: ctx.language))
        w.raw("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"lane-stages\" tabindex=\"0\"><table class=\"lane-stages\"><thead><tr>")
        for key in [Phrase.laneStageColumn, .laneItemsColumn, .laneMedian, .laneP80, .laneP95] { w.element("th", ["scope": "col"], text: ctx.t(key)) }
        w.raw("</tr></thead><tbody>")
        for stage in s.stages {
            w.raw("<tr>"); w.element("th", ["scope": "row"], text: stage.stage.title(in: ctx.language))
            w.element("td", text: String(stage.items))
            for value in [stage.days.median, stage.days.p80, stage.days.p95] { w.element("td", text: days(ctx, value)) }
            w.raw("</tr>")
        }
        w.raw("</tbody></table></div>")
    }

    private static func trend(_ ctx: PageContext, _ s: LaneStatistics, _ w: inout HTMLWriter) {
        w.element("h2", ["id": "lane-trend"], text: ctx.t(.laneTrendHeading))
        w.raw("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"lane-trend\" tabindex=\"0\"><table class=\"lane-trend\"><thead><tr>")
        for key in [Phrase.laneWeekColumn, .laneItemsColumn, .laneDeliveredColumn, .laneMedian] { w.element("th", ["scope": "col"], text: ctx.t(key)) }
        w.raw("</tr></thead><tbody>")
        for week in s.trend {
            w.raw("<tr>")
            w.open("th", ["scope": "row"]); w.open("time", ["datetime": week.weekStart.description])
            w.text(Catalogue.date(LocalTime(epochSeconds: week.weekStart.days * 86_400, utcOffsetSeconds: 0)!, ctx.language, now: week.weekStart.days * 86_400))
            w.close("time"); w.close("th")
            w.element("td", text: String(week.items)); w.element("td", text: String(week.delivered))
            w.element("td", text: days(ctx, week.transitDays.median))
            w.raw("</tr>")
        }
        w.raw("</tbody></table></div>")
    }
}

/// The stage chart: one bar per stage for the median days, a thin line on to the 80th percentile.
enum LaneChart {
    static func svg(_ stages: [LaneStatistics.StageFigures], label: String, language: Language) -> String {
        let rowHeight = 28, labelWidth = 200, plotWidth = 360, height = max(1, stages.count) * rowHeight + 8
        let longest = stages.compactMap { $0.days.p80 ?? $0.days.median }.max() ?? 1
        let scale = Double(plotWidth) / max(longest, 0.1)
        var out = "<svg class=\"lane-chart\" role=\"img\" viewBox=\"0 0 \(labelWidth + plotWidth + 70) \(height)\" width=\"100%\""
        out += " xmlns=\"http://www.w3.org/2000/svg\"><title>\(HTMLWriter.escaped(label))</title>"
        for (i, stage) in stages.enumerated() {
            let y = 4 + i * rowHeight
            out += "<text x=\"0\" y=\"\(y + 18)\" font-size=\"13\" fill=\"currentColor\">\(HTMLWriter.escaped(stage.stage.title(in: language)))</text>"
            guard let median = stage.days.median else { continue }
            let width = max(1, Int(median * scale))
            if let p80 = stage.days.p80 {
                out += "<line x1=\"\(labelWidth + width)\" y1=\"\(y + 13)\" x2=\"\(labelWidth + Int(p80 * scale))\" y2=\"\(y + 13)\" stroke=\"currentColor\" stroke-width=\"2\" opacity=\"0.6\"/>"
            }
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(width)\" height=\"18\" rx=\"3\" fill=\"#2f6fb0\"/>"
            let end = labelWidth + Int((stage.days.p80 ?? median) * scale) + 6
            out += "<text x=\"\(end)\" y=\"\(y + 18)\" font-size=\"12\" fill=\"currentColor\">\(String(format: "%.1f", median))</text>"
        }
        return out + "</svg>"
    }
}
