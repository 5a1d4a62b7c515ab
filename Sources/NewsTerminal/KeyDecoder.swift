import CNcursesw
import NewsUI

/// Turns `wget_wch` results into input events: keys, resizes, the mouse.
enum KeyDecoder {
    static func decode(status: Int32, code: wint_t) -> InputEvent? {
        if status == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_RESIZE: return .resize(ScreenSize(columns: Int(nr_cols()), rows: Int(nr_lines())))
            case KEY_MOUSE: return mouse().map(InputEvent.mouse)
            default: return functionKey(Int32(code)).map(InputEvent.key)
            }
        }
        return key(status: status, code: code).map(InputEvent.key)
    }

    /// A character or a control key (`status` OK), else nil.
    static func key(status: Int32, code: wint_t) -> KeyEvent? {
        guard status == OK else { return nil }
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func functionKey(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME, KEY_FIND, KEY_A1: return .home
        case KEY_END, KEY_SELECT, KEY_LL, KEY_C1: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BTAB: return .backTab
        // KEY_F(n) is KEY_F0 + n (the macro does not import).
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    static func mouse() -> MouseEvent? {
        var x: Int32 = 0, y: Int32 = 0
        var state: mmask_t = 0
        guard nr_get_mouse(&x, &y, &state) == OK else { return nil }
        let kind: MouseEvent.Kind
        if nr_mouse_is_wheel_up(state) != 0 {
            kind = .wheelUp
        } else if nr_mouse_is_wheel_down(state) != 0 {
            kind = .wheelDown
        } else if nr_mouse_is_click(state) != 0 {
            kind = .click
        } else {
            return nil
        }
        return MouseEvent(kind, column: Int(x), row: Int(y))
    }
}
