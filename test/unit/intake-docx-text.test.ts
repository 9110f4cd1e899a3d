/**
 * The .docx reader's text (issue 23): mammoth's raw text joined a Word header's lines
 * ("KẾ HOẠCHTổ chức Hội nghị …", "UBND XÃ SÍN CHẢICỤM THI ĐUA SỐ 3") and flattened tables. Read
 * from mammoth's HTML instead, a line break starts a line, a list keeps its markers, a duty table
 * is one "| … |" line per row, and a layout table (the header's two columns) is read cell by cell.
 */
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../intake/docx-text';

describe('a .docx body read from mammoth HTML', () => {
  it('keeps line breaks (Shift+Enter) as lines', () => {
    const html = '<p>KẾ HOẠCH<br />Tổ chức Hội nghị ký kết giao ước</p><p>UBND XÃ SÍN CHẢI<br />CỤM THI ĐUA SỐ 3</p>';
    expect(htmlToText(html).split('\n')).toEqual([
      'KẾ HOẠCH',
      'Tổ chức Hội nghị ký kết giao ước',
      'UBND XÃ SÍN CHẢI',
      'CỤM THI ĐUA SỐ 3',
    ]);
  });

  it('writes a duty table as rows, joining the paragraphs of a cell with "; "', () => {
    const html =
      '<table><tr><td><p>TT</p></td><td><p>Nội dung</p></td><td><p>Đơn vị chủ trì</p></td></tr>' +
      '<tr><td><p>1</p></td><td><p>Gửi giấy mời &amp; tài liệu</p></td><td><p>Văn phòng</p><p>Công an xã</p></td></tr></table>';
    expect(htmlToText(html).split('\n')).toEqual([
      '| TT | Nội dung | Đơn vị chủ trì |',
      '| 1 | Gửi giấy mời & tài liệu | Văn phòng; Công an xã |',
    ]);
  });

  it('reads a layout table cell by cell, and numbers Word lists', () => {
    const html =
      '<table><tr><td><p>UBND HUYỆN A<br />PHÒNG NỘI VỤ</p></td><td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p></td></tr></table>' +
      '<ol><li>Phòng Nội vụ<ul><li>Xây dựng chương trình</li></ul></li><li>Công an huyện</li></ol>';
    expect(htmlToText(html).split('\n')).toEqual([
      'UBND HUYỆN A',
      'PHÒNG NỘI VỤ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      '1. Phòng Nội vụ',
      '- Xây dựng chương trình',
      '2. Công an huyện',
    ]);
  });

  it('numbers a Word list of sections in capitals I., II. and the headings under them 1., 2.', () => {
    const html =
      '<ol><li>MỤC ĐÍCH, YÊU CẦU</li><li>TỔ CHỨC THỰC HIỆN<ol><li>Phòng Nội vụ huyện</li><li>Công an huyện</li></ol></li></ol>';
    expect(htmlToText(html).split('\n')).toEqual([
      'I. MỤC ĐÍCH, YÊU CẦU',
      'II. TỔ CHỨC THỰC HIỆN',
      '1. Phòng Nội vụ huyện',
      '2. Công an huyện',
    ]);
  });

  it('repeats a cell merged down in every row it covers, and keeps columns after a cell merged across', () => {
    const html =
      '<table><tr><td>TT</td><td>Nội dung</td><td>Đơn vị chủ trì</td><td>Thời gian</td></tr>' +
      '<tr><td colspan="4">A. CHUẨN BỊ</td></tr>' +
      '<tr><td>1</td><td>Lập dự toán</td><td rowspan="2">Phòng Nội vụ</td><td>Trước ngày 10/3/2025</td></tr>' +
      '<tr><td>2</td><td>Gửi giấy mời</td><td>Trước ngày 15/3/2025</td></tr></table>';
    expect(htmlToText(html).split('\n')).toEqual([
      '| TT | Nội dung | Đơn vị chủ trì | Thời gian |',
      '| A. CHUẨN BỊ |  |  |  |',
      '| 1 | Lập dự toán | Phòng Nội vụ | Trước ngày 10/3/2025 |',
      '| 2 | Gửi giấy mời | Phòng Nội vụ | Trước ngày 15/3/2025 |',
    ]);
  });
});
