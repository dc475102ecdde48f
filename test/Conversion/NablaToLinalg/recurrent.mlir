// RUN: %nabla_opt %s -convert-nabla-to-linalg -split-input-file | FileCheck %s
// RUN: %nabla_opt %s -convert-nabla-to-linalg | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -canonicalize -cse -canonicalize | FileCheck %s --check-prefix=BUF
// Elementwise fusion replaces the outputs that a generic does not read by
// tensor.empty; the loops must still bufferize.
// RUN: %nabla_opt %s -convert-nabla-to-linalg -linalg-fuse-elementwise-ops | %nabla_opt -one-shot-bufferize="bufferize-function-boundaries" -o /dev/null

// The BUF checks: each step updates the loop-carried buffers in place, so a
// loop body neither allocates nor copies.

// One matmul projects the inputs of every step; each step multiplies h by
// the recurrent weights into a scratch and computes the gates (i, o, f, c)
// in one generic that writes h, c and y[t] in place.
// CHECK-DAG: #[[MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @lstm_forward
// CHECK-SAME: (%[[X:.*]]: tensor<5x3x8xf32>, %[[W:.*]]: tensor<1x16x8xf32>, %[[R:.*]]: tensor<1x16x4xf32>)
// CHECK: %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<15x16xf32>)
// CHECK: %[[X2D:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<5x3x8xf32> into tensor<15x8xf32>
// CHECK: %[[W2D:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0, 1], [2]] : tensor<1x16x8xf32> into tensor<16x8xf32>
// CHECK: %[[XW:.*]] = linalg.matmul indexing_maps = [#[[MK]], #[[NK]], #[[MN]]] ins(%[[X2D]], %[[W2D]] : tensor<15x8xf32>, tensor<16x8xf32>) outs(%[[ZEROS]] : tensor<15x16xf32>)
// CHECK: %[[Y0:.*]] = tensor.empty() : tensor<5x1x3x4xf32>
// CHECK: %[[RD:.*]] = tensor.extract_slice %[[R]][0, 0, 0] [1, 16, 4] [1, 1, 1] : tensor<1x16x4xf32> to tensor<16x4xf32>
// The recurrent weights are transposed once, before the loop, into rows
// padded by 16 elements.
// CHECK: %[[PAD:.*]] = tensor.empty() : tensor<4x32xf32>
// CHECK: %[[VIEW:.*]] = tensor.extract_slice %[[PAD]][0, 0] [4, 16] [1, 1] : tensor<4x32xf32> to tensor<4x16xf32>
// CHECK: %[[RT:.*]] = linalg.transpose ins(%[[RD]] : tensor<16x4xf32>) outs(%[[VIEW]] : tensor<4x16xf32>) permutation = [1, 0]
// CHECK: %[[LOOP:.*]]:4 = scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}, %[[Y:.*]] = %[[Y0]], %[[S:.*]] = %{{.*}}) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<5x1x3x4xf32>, tensor<3x16xf32>)
// CHECK:   %[[ROW:.*]] = arith.muli %[[T]], %{{.*}} : index
// CHECK:   %[[S0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[S]] : tensor<3x16xf32>)
// CHECK:   %[[HR:.*]] = linalg.matmul ins(%[[H]], %[[RT]] : tensor<3x4xf32>, tensor<4x16xf32>) outs(%[[S0]] : tensor<3x16xf32>)
// CHECK:   %[[XI:.*]] = tensor.extract_slice %[[XW]][%[[ROW]], 0] [3, 4] [1, 1]
// CHECK:   %[[XO:.*]] = tensor.extract_slice %[[XW]][%[[ROW]], 4] [3, 4] [1, 1]
// CHECK:   %[[XF:.*]] = tensor.extract_slice %[[XW]][%[[ROW]], 8] [3, 4] [1, 1]
// CHECK:   %[[XC:.*]] = tensor.extract_slice %[[XW]][%[[ROW]], 12] [3, 4] [1, 1]
// CHECK:   %[[RI:.*]] = tensor.extract_slice %[[HR]][0, 0] [3, 4] [1, 1]
// CHECK:   %[[RO:.*]] = tensor.extract_slice %[[HR]][0, 4] [3, 4] [1, 1]
// CHECK:   %[[RF:.*]] = tensor.extract_slice %[[HR]][0, 8] [3, 4] [1, 1]
// CHECK:   %[[RC:.*]] = tensor.extract_slice %[[HR]][0, 12] [3, 4] [1, 1]
// CHECK:   %[[YT:.*]] = tensor.extract_slice %[[Y]][%[[T]], 0, 0, 0] [1, 1, 3, 4] [1, 1, 1, 1] : tensor<5x1x3x4xf32> to tensor<3x4xf32>
// CHECK:   %[[GATES:.*]]:3 = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[XI]], %[[XO]], %[[XF]], %[[XC]], %[[RI]], %[[RO]], %[[RF]], %[[RC]] : {{.*}}) outs(%[[H]], %[[C]], %[[YT]] : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>)
// CHECK:   ^bb0(%[[IXI:.*]]: f32, %[[IXO:.*]]: f32, %[[IXF:.*]]: f32, %[[IXC:.*]]: f32, %[[IRI:.*]]: f32, %[[IRO:.*]]: f32, %[[IRF:.*]]: f32, %[[IRC:.*]]: f32, %{{.*}}: f32, %[[CPREV:.*]]: f32, %{{.*}}: f32):
// CHECK:     %[[PREI:.*]] = arith.addf %[[IXI]], %[[IRI]]
// CHECK:     %[[PREO:.*]] = arith.addf %[[IXO]], %[[IRO]]
// CHECK:     %[[PREF:.*]] = arith.addf %[[IXF]], %[[IRF]]
// CHECK:     math.exp
// CHECK:     %[[I:.*]] = arith.divf
// CHECK:     math.exp
// CHECK:     %[[F:.*]] = arith.divf
// CHECK:     %[[FC:.*]] = arith.mulf %[[F]], %[[CPREV]]
// CHECK:     %[[PREC:.*]] = arith.addf %[[IXC]], %[[IRC]]
// CHECK:     %[[CAND:.*]] = math.tanh %[[PREC]]
// CHECK:     %[[IC:.*]] = arith.mulf %[[I]], %[[CAND]]
// CHECK:     %[[CNEW:.*]] = arith.addf %[[FC]], %[[IC]]
// CHECK:     math.exp
// CHECK:     %[[O:.*]] = arith.divf
// CHECK:     %[[TC:.*]] = math.tanh %[[CNEW]]
// CHECK:     %[[HNEW:.*]] = arith.mulf %[[O]], %[[TC]]
// CHECK:     linalg.yield %[[HNEW]], %[[CNEW]], %[[HNEW]] : f32, f32, f32
// CHECK:   %[[HN:.*]] = linalg.copy ins(%[[GATES]]#0 : tensor<3x4xf32>) outs(%[[H]] : tensor<3x4xf32>)
// CHECK:   %[[CN:.*]] = linalg.copy ins(%[[GATES]]#1 : tensor<3x4xf32>) outs(%[[C]] : tensor<3x4xf32>)
// CHECK:   %[[YN:.*]] = tensor.insert_slice %[[GATES]]#2 into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 3, 4] [1, 1, 1, 1]
// CHECK:   scf.yield %[[HN]], %[[CN]], %[[YN]], %[[HR]]
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#0 into %{{.*}}[0, 0, 0] [1, 3, 4] [1, 1, 1] : tensor<3x4xf32> into tensor<1x3x4xf32>
// CHECK: %[[YC:.*]] = tensor.insert_slice %[[LOOP]]#1 into %{{.*}}[0, 0, 0] [1, 3, 4] [1, 1, 1] : tensor<3x4xf32> into tensor<1x3x4xf32>
// CHECK: return %[[LOOP]]#2, %[[YH]], %[[YC]]
// BUF-LABEL: func.func @lstm_forward
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF-NOT: copy
// BUF: linalg.yield %{{.*}} : f32, f32, f32
// BUF-NEXT: }
// BUF-NEXT: }
func.func @lstm_forward(%x: tensor<5x3x8xf32>, %w: tensor<1x16x8xf32>, %r: tensor<1x16x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>) {
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 4 : (tensor<5x3x8xf32>, tensor<1x16x8xf32>, tensor<1x16x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>)
  return %y, %y_h, %y_c : tensor<5x1x3x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>
}

// -----

// Both directions share the projection matmul (its columns are direction
// major); Wb + Rb start its accumulator. Direction 1 runs t = T - 1 - step.
// Peepholes are read per hidden unit, sequence_lens per batch entry: past its
// length an entry keeps h and c and writes zeros to y. clip clamps every
// gate pre-activation.
// CHECK-DAG: #[[WB:.*]] = affine_map<(d0, d1) -> (d0, 0, d1)>
// CHECK-DAG: #[[RB:.*]] = affine_map<(d0, d1) -> (d0, 1, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[HID:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[BAT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @lstm_bidirectional_all_operands
// CHECK-SAME: (%[[X:.*]]: tensor<5x3x8xf32>, %[[W:.*]]: tensor<2x16x8xf32>, %[[R:.*]]: tensor<2x16x4xf32>, %[[B:.*]]: tensor<2x32xf32>, %[[LENS:.*]]: tensor<3xi32>, %[[H0:.*]]: tensor<2x3x4xf32>, %[[C0:.*]]: tensor<2x3x4xf32>, %[[P:.*]]: tensor<2x12xf32>)
// CHECK: %[[HALVES:.*]] = tensor.expand_shape %[[B]] {{\[}}[0], [1, 2]] output_shape [2, 2, 16] : tensor<2x32xf32> into tensor<2x2x16xf32>
// CHECK: %[[BSUM:.*]] = linalg.generic {indexing_maps = [#[[WB]], #[[RB]], #[[ID]]], {{.*}}} ins(%[[HALVES]], %[[HALVES]] : {{.*}}) outs(%{{.*}} : tensor<2x16xf32>)
// CHECK:   arith.addf
// CHECK: %[[BFLAT:.*]] = tensor.collapse_shape %[[BSUM]] {{\[}}[0, 1]] : tensor<2x16xf32> into tensor<32xf32>
// CHECK: %[[BB:.*]] = linalg.broadcast ins(%[[BFLAT]] : tensor<32xf32>) outs(%{{.*}} : tensor<15x32xf32>) dimensions = [0]
// CHECK: %[[W2D:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0, 1], [2]] : tensor<2x16x8xf32> into tensor<32x8xf32>
// CHECK: %[[XW:.*]] = linalg.matmul {{.*}} ins(%{{.*}}, %[[W2D]] : tensor<15x8xf32>, tensor<32x8xf32>) outs(%[[BB]] : tensor<15x32xf32>)
// CHECK: tensor.extract_slice %[[R]][0, 0, 0] [1, 16, 4]
// CHECK: %[[PI:.*]] = tensor.extract_slice %[[P]][0, 0] [1, 4] [1, 1] : tensor<2x12xf32> to tensor<4xf32>
// CHECK: %[[PO:.*]] = tensor.extract_slice %[[P]][0, 4] [1, 4] [1, 1] : tensor<2x12xf32> to tensor<4xf32>
// CHECK: %[[PF:.*]] = tensor.extract_slice %[[P]][0, 8] [1, 4] [1, 1] : tensor<2x12xf32> to tensor<4xf32>
// CHECK: %[[H0D:.*]] = tensor.extract_slice %[[H0]][0, 0, 0] [1, 3, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<3x4xf32>
// CHECK: %[[HINIT:.*]] = linalg.copy ins(%[[H0D]] : tensor<3x4xf32>)
// CHECK: %[[C0D:.*]] = tensor.extract_slice %[[C0]][0, 0, 0] [1, 3, 4] [1, 1, 1] : tensor<2x3x4xf32> to tensor<3x4xf32>
// CHECK: %[[CINIT:.*]] = linalg.copy ins(%[[C0D]] : tensor<3x4xf32>)
// CHECK: %[[FWD:.*]]:4 = scf.for %[[T:.*]] = {{.*}} iter_args(%{{.*}} = %[[HINIT]], %{{.*}} = %[[CINIT]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK:   tensor.extract_slice %[[XW]][%{{.*}}, 0] [3, 4]
// CHECK:   %[[STEP:.*]] = arith.index_cast %[[T]] : index to i32
// CHECK:   linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[HID]], #[[HID]], #[[HID]], #[[BAT]], #[[ID]], #[[ID]], #[[ID]]], {{.*}}} ins({{.*}}, %[[PI]], %[[PO]], %[[PF]], %[[LENS]] : {{.*}}, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xi32>)
// CHECK:   ^bb0({{.*}}, %[[LEN:.*]]: i32, %[[HPREV:.*]]: f32, %[[CPREV:.*]]: f32, %{{.*}}: f32):
// CHECK:     arith.mulf %{{.*}}, %[[CPREV]]
// CHECK:     arith.maximumf %{{.*}}, %[[NCLIP:.*]] : f32
// CHECK:     arith.minimumf %{{.*}}, %[[CLIP:.*]] : f32
// CHECK:     %[[VALID:.*]] = arith.cmpi slt, %[[STEP]], %[[LEN]] : i32
// CHECK:     %[[HOUT:.*]] = arith.select %[[VALID]], %[[HNEW:.*]], %[[HPREV]] : f32
// CHECK:     %[[COUT:.*]] = arith.select %[[VALID]], %{{.*}}, %[[CPREV]] : f32
// CHECK:     %[[YOUT:.*]] = arith.select %[[VALID]], %[[HNEW]], %{{.*}} : f32
// CHECK:     linalg.yield %[[HOUT]], %[[COUT]], %[[YOUT]]
// CHECK: tensor.extract_slice %[[R]][1, 0, 0] [1, 16, 4]
// CHECK: tensor.extract_slice %[[P]][1, 0] [1, 4]
// CHECK: %[[BWD:.*]]:4 = scf.for %[[S:.*]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %[[FWD]]#2, %{{.*}} = %{{.*}})
// CHECK:   %[[TR:.*]] = arith.subi %{{.*}}, %[[S]] : index
// CHECK:   tensor.extract_slice %[[XW]][%{{.*}}, 16] [3, 4]
// CHECK:   arith.index_cast %[[TR]] : index to i32
// CHECK:   tensor.extract_slice %{{.*}}[%[[TR]], 1, 0, 0] [1, 1, 3, 4]
// CHECK: return %[[BWD]]#2
// BUF-LABEL: func.func @lstm_bidirectional_all_operands
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF-NOT: copy
// BUF: linalg.yield %{{.*}} : f32, f32, f32
// BUF-NEXT: }
// BUF-NEXT: }
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF-NOT: copy
// BUF: linalg.yield %{{.*}} : f32, f32, f32
// BUF-NEXT: }
// BUF-NEXT: }
func.func @lstm_bidirectional_all_operands(%x: tensor<5x3x8xf32>, %w: tensor<2x16x8xf32>, %r: tensor<2x16x4xf32>, %b: tensor<2x32xf32>, %lens: tensor<3xi32>, %h0: tensor<2x3x4xf32>, %c0: tensor<2x3x4xf32>, %p: tensor<2x12xf32>) -> (tensor<5x2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r bias(%b) sequence_lens(%lens) initial_h(%h0) initial_c(%c0) peepholes(%p) hidden_size = 4 direction = bidirectional clip = 3.0 : (tensor<5x3x8xf32>, tensor<2x16x8xf32>, tensor<2x16x4xf32>, tensor<2x32xf32>, tensor<3xi32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x12xf32>) -> (tensor<5x2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>)
  return %y, %y_h, %y_c : tensor<5x2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// -----

// input_forget couples the gates: f = 1 - i.
// CHECK-LABEL: func.func @lstm_input_forget
// CHECK: linalg.generic
// CHECK:   %[[I:.*]] = arith.divf
// CHECK:   %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:   %[[F:.*]] = arith.subf %[[ONE]], %[[I]] : f32
// CHECK:   arith.mulf %[[F]], %{{.*}} : f32
func.func @lstm_input_forget(%x: tensor<2x1x3xf32>, %w: tensor<1x8x3xf32>, %r: tensor<1x8x2xf32>) -> tensor<2x1x1x2xf32> {
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r hidden_size = 2 input_forget : (tensor<2x1x3xf32>, tensor<1x8x3xf32>, tensor<1x8x2xf32>) -> (tensor<2x1x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  return %y : tensor<2x1x1x2xf32>
}

// -----

// f16 layers: the matmuls accumulate in f32, the states stay f32, y and the
// last states are truncated to f16.
// CHECK-LABEL: func.func @lstm_f16
// CHECK: %[[XW:.*]] = linalg.matmul {{.*}} ins(%{{.*}}, %{{.*}} : tensor<6x3xf16>, tensor<8x3xf16>) outs(%{{.*}} : tensor<6x8xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<3x2xf16>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK:   arith.extf %{{.*}} : f16 to f32
// CHECK: scf.for {{.*}} -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x1x3x2xf16>, tensor<3x8xf32>)
// CHECK:   linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<3x2xf32>, tensor<2x8xf16>) outs(%{{.*}} : tensor<3x8xf32>)
// CHECK:   linalg.generic
// CHECK:     %[[YT:.*]] = arith.truncf %[[HNEW:.*]] : f32 to f16
// CHECK:     linalg.yield %[[HNEW]], %{{.*}}, %[[YT]] : f32, f32, f16
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<3x2xf32>) outs(%{{.*}} : tensor<3x2xf16>)
// CHECK:   arith.truncf
func.func @lstm_f16(%x: tensor<2x3x3xf16>, %w: tensor<1x8x3xf16>, %r: tensor<1x8x2xf16>, %h0: tensor<1x3x2xf16>) -> (tensor<2x1x3x2xf16>, tensor<1x3x2xf16>) {
  %y, %y_h, %y_c = nabla.lstm %x, %w, %r initial_h(%h0) hidden_size = 2 : (tensor<2x3x3xf16>, tensor<1x8x3xf16>, tensor<1x8x2xf16>, tensor<1x3x2xf16>) -> (tensor<2x1x3x2xf16>, tensor<1x3x2xf16>, tensor<1x3x2xf16>)
  return %y, %y_h : tensor<2x1x3x2xf16>, tensor<1x3x2xf16>
}

// -----

// Without linear_before_reset the candidate's product needs r . h: the z and
// r products come first, a generic turns the r half of their scratch into
// r . h in place, and a second matmul multiplies it by R_h.
// CHECK-LABEL: func.func @gru_forward
// CHECK-SAME: %[[R:[^:]*]]: tensor<1x12x4xf32>
// CHECK: %[[XW:.*]] = linalg.matmul {{.*}} outs(%{{.*}} : tensor<15x12xf32>)
// CHECK: %[[RZRD:.*]] = tensor.extract_slice %[[R]][0, 0, 0] [1, 8, 4] [1, 1, 1] : tensor<1x12x4xf32> to tensor<8x4xf32>
// CHECK: %[[RZR:.*]] = linalg.transpose ins(%[[RZRD]] : tensor<8x4xf32>) outs(%{{.*}} : tensor<4x8xf32>) permutation = [1, 0]
// CHECK: %[[RHD:.*]] = tensor.extract_slice %[[R]][0, 8, 0] [1, 4, 4] [1, 1, 1] : tensor<1x12x4xf32> to tensor<4x4xf32>
// CHECK: %[[RH:.*]] = linalg.transpose ins(%[[RHD]] : tensor<4x4xf32>) outs(%{{.*}} : tensor<4x4xf32>) permutation = [1, 0]
// CHECK: scf.for {{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[Y:.*]] = %{{.*}}, %[[S1:.*]] = %{{.*}}, %[[S2:.*]] = %{{.*}}) -> (tensor<3x4xf32>, tensor<5x1x3x4xf32>, tensor<3x8xf32>, tensor<3x4xf32>)
// CHECK:   %[[ZR:.*]] = linalg.matmul ins(%[[H]], %[[RZR]] : tensor<3x4xf32>, tensor<4x8xf32>)
// CHECK:   %[[XR:.*]] = tensor.extract_slice %[[XW]][%{{.*}}, 4] [3, 4]
// CHECK:   %[[RCOL:.*]] = tensor.extract_slice %[[ZR]][0, 4] [3, 4] [1, 1] : tensor<3x8xf32> to tensor<3x4xf32>
// CHECK:   %[[RESET:.*]] = linalg.generic {{.*}} ins(%[[XR]], %[[H]] : tensor<3x4xf32>, tensor<3x4xf32>) outs(%[[RCOL]] : tensor<3x4xf32>)
// CHECK:   ^bb0(%[[IXR:.*]]: f32, %[[IH:.*]]: f32, %[[IRR:.*]]: f32):
// CHECK:     %[[PRE:.*]] = arith.addf %[[IXR]], %[[IRR]]
// CHECK:     %[[GATE:.*]] = arith.divf
// CHECK:     %[[RHV:.*]] = arith.mulf %[[GATE]], %[[IH]]
// CHECK:     linalg.yield %[[RHV]]
// CHECK:   %[[ZR2:.*]] = tensor.insert_slice %[[RESET]] into %[[ZR]][0, 4] [3, 4] [1, 1]
// CHECK:   %[[RCOL2:.*]] = tensor.extract_slice %[[ZR2]][0, 4] [3, 4] [1, 1]
// CHECK:   %[[S20:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[S2]] : tensor<3x4xf32>)
// CHECK:   %[[CAND:.*]] = linalg.matmul ins(%[[RCOL2]], %[[RH]] : tensor<3x4xf32>, tensor<4x4xf32>) outs(%[[S20]] : tensor<3x4xf32>)
// CHECK:   %[[XZ:.*]] = tensor.extract_slice %[[XW]][%{{.*}}, 0] [3, 4]
// CHECK:   %[[XH:.*]] = tensor.extract_slice %[[XW]][%{{.*}}, 8] [3, 4]
// CHECK:   %[[RZ:.*]] = tensor.extract_slice %[[ZR2]][0, 0] [3, 4]
// CHECK:   %[[NEW:.*]]:2 = linalg.generic {{.*}} ins(%[[XZ]], %[[XH]], %[[RZ]], %[[CAND]] : {{.*}}) outs(%[[H]], %{{.*}} : tensor<3x4xf32>, tensor<3x4xf32>)
// CHECK:   ^bb0(%[[IXZ:.*]]: f32, %[[IXH:.*]]: f32, %[[IRZ:.*]]: f32, %[[IRH:.*]]: f32, %[[HPREV:.*]]: f32, %{{.*}}: f32):
// CHECK:     arith.addf %[[IXZ]], %[[IRZ]]
// CHECK:     %[[Z:.*]] = arith.divf
// CHECK:     %[[HPRE:.*]] = arith.addf %[[IXH]], %[[IRH]]
// CHECK:     %[[HC:.*]] = math.tanh %[[HPRE]]
// CHECK:     %[[DIFF:.*]] = arith.subf %[[HPREV]], %[[HC]]
// CHECK:     %[[ZD:.*]] = arith.mulf %[[Z]], %[[DIFF]]
// CHECK:     %[[HNEW:.*]] = arith.addf %[[HC]], %[[ZD]]
// CHECK:     linalg.yield %[[HNEW]], %[[HNEW]]
// CHECK:   %[[HN:.*]] = linalg.copy ins(%[[NEW]]#0 : tensor<3x4xf32>) outs(%[[H]] : tensor<3x4xf32>)
// CHECK:   scf.yield %[[HN]], %{{.*}}, %[[ZR2]], %[[CAND]]
// BUF-LABEL: func.func @gru_forward
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF-NOT: copy
// BUF: linalg.yield %{{.*}}, %{{.*}} : f32, f32
// BUF-NEXT: }
// BUF-NEXT: }
func.func @gru_forward(%x: tensor<5x3x8xf32>, %w: tensor<1x12x8xf32>, %r: tensor<1x12x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>) {
  %y, %y_h = nabla.gru %x, %w, %r hidden_size = 4 : (tensor<5x3x8xf32>, tensor<1x12x8xf32>, tensor<1x12x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return %y, %y_h : tensor<5x1x3x4xf32>, tensor<1x3x4xf32>
}

// -----

// With linear_before_reset one product serves the three gates, Rb_h stays
// out of the projection's bias and is added to the candidate's recurrent
// product before the reset gate scales it.
// CHECK-LABEL: func.func @gru_linear_before_reset
// CHECK-SAME: %[[R:[^:]*]]: tensor<1x12x4xf32>, %[[B:[^:]*]]: tensor<1x24xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x12xf32>)
// CHECK:   ^bb0(%[[WB:.*]]: f32, %[[RB:.*]]: f32, %{{.*}}: f32):
// CHECK:     %[[SUM:.*]] = arith.addf %[[WB]], %[[RB]]
// CHECK:     %[[COL:.*]] = linalg.index 1 : index
// CHECK:     %[[CAND:.*]] = arith.cmpi sge, %[[COL]], %[[C8:.*]] : index
// CHECK:     %[[BIAS:.*]] = arith.select %[[CAND]], %[[WB]], %[[SUM]]
// CHECK:     linalg.yield %[[BIAS]]
// CHECK: %[[RD:.*]] = tensor.extract_slice %[[R]][0, 0, 0] [1, 12, 4] [1, 1, 1] : tensor<1x12x4xf32> to tensor<12x4xf32>
// CHECK: %[[RT:.*]] = linalg.transpose ins(%[[RD]] : tensor<12x4xf32>) outs(%{{.*}} : tensor<4x12xf32>) permutation = [1, 0]
// CHECK: %[[RBH:.*]] = tensor.extract_slice %[[B]][0, 20] [1, 4] [1, 1] : tensor<1x24xf32> to tensor<4xf32>
// CHECK: scf.for {{.*}} -> (tensor<3x4xf32>, tensor<5x1x3x4xf32>, tensor<3x12xf32>)
// CHECK:   linalg.matmul ins(%{{.*}}, %[[RT]] : tensor<3x4xf32>, tensor<4x12xf32>)
// CHECK-NOT: linalg.matmul
// CHECK:   linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RBH]] : {{.*}}, tensor<4xf32>)
// CHECK:   ^bb0(%[[XZ:.*]]: f32, %[[XR:.*]]: f32, %[[XH:.*]]: f32, %[[RZ:.*]]: f32, %[[RR:.*]]: f32, %[[RH:.*]]: f32, %[[RBHV:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK:     %[[RHB:.*]] = arith.addf %[[RH]], %[[RBHV]]
// CHECK:     arith.addf %[[XZ]], %[[RZ]]
// CHECK:     arith.addf %[[XR]], %[[RR]]
// CHECK:     %[[RESET:.*]] = arith.divf
// CHECK:     %[[SCALED:.*]] = arith.mulf %[[RESET]], %[[RHB]]
// CHECK:     %[[HPRE:.*]] = arith.addf %[[XH]], %[[SCALED]]
// CHECK:     math.tanh %[[HPRE]]
func.func @gru_linear_before_reset(%x: tensor<5x3x8xf32>, %w: tensor<1x12x8xf32>, %r: tensor<1x12x4xf32>, %b: tensor<1x24xf32>) -> tensor<1x3x4xf32> {
  %y, %y_h = nabla.gru %x, %w, %r bias(%b) hidden_size = 4 linear_before_reset : (tensor<5x3x8xf32>, tensor<1x12x8xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return %y_h : tensor<1x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @gru_reverse_sequence_lens
// CHECK-SAME: %[[LENS:[^:]*]]: tensor<2xi64>
// CHECK: scf.for %[[S:[^ ]*]] =
// CHECK:   %[[T:.*]] = arith.subi %{{.*}}, %[[S]] : index
// CHECK:   %[[STEP:.*]] = arith.index_cast %[[T]] : index to i64
// CHECK:   linalg.generic {{.*}} ins({{.*}}, %[[LENS]] : {{.*}}, tensor<2xi64>)
// CHECK:     arith.cmpi slt, %[[STEP]], %{{.*}} : i64
// BUF-LABEL: func.func @gru_reverse_sequence_lens
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF-NOT: copy
// BUF: linalg.yield %{{.*}}, %{{.*}} : f32, f32
// BUF-NEXT: }
// BUF-NEXT: }
func.func @gru_reverse_sequence_lens(%x: tensor<4x2x3xf32>, %w: tensor<1x6x3xf32>, %r: tensor<1x6x2xf32>, %lens: tensor<2xi64>, %h0: tensor<1x2x2xf32>) -> (tensor<4x1x2x2xf32>, tensor<1x2x2xf32>) {
  %y, %y_h = nabla.gru %x, %w, %r sequence_lens(%lens) initial_h(%h0) hidden_size = 2 direction = reverse : (tensor<4x2x3xf32>, tensor<1x6x3xf32>, tensor<1x6x2xf32>, tensor<2xi64>, tensor<1x2x2xf32>) -> (tensor<4x1x2x2xf32>, tensor<1x2x2xf32>)
  return %y, %y_h : tensor<4x1x2x2xf32>, tensor<1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @rnn_tanh
// CHECK: scf.for {{.*}} -> (tensor<3x4xf32>, tensor<5x1x3x4xf32>, tensor<3x4xf32>)
// CHECK:   linalg.matmul
// CHECK:   linalg.generic
// CHECK:   ^bb0(%[[XWV:.*]]: f32, %[[HRV:.*]]: f32, %{{.*}}: f32, %{{.*}}: f32):
// CHECK:     %[[PRE:.*]] = arith.addf %[[XWV]], %[[HRV]]
// CHECK:     %[[H:.*]] = math.tanh %[[PRE]]
// CHECK:     linalg.yield %[[H]], %[[H]]
// BUF-LABEL: func.func @rnn_tanh
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF-NOT: copy
// BUF: linalg.yield %{{.*}}, %{{.*}} : f32, f32
// BUF-NEXT: }
// BUF-NEXT: }
func.func @rnn_tanh(%x: tensor<5x3x8xf32>, %w: tensor<1x4x8xf32>, %r: tensor<1x4x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>) {
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 4 : (tensor<5x3x8xf32>, tensor<1x4x8xf32>, tensor<1x4x4xf32>) -> (tensor<5x1x3x4xf32>, tensor<1x3x4xf32>)
  return %y, %y_h : tensor<5x1x3x4xf32>, tensor<1x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @rnn_relu_clip
// CHECK: linalg.generic
// CHECK:   %[[PRE:.*]] = arith.addf
// CHECK:   %[[LO:.*]] = arith.maximumf %[[PRE]], %{{.*}} : f64
// CHECK:   %[[CLIPPED:.*]] = arith.minimumf %[[LO]], %{{.*}} : f64
// CHECK:   %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:   %[[H:.*]] = arith.maximumf %[[CLIPPED]], %[[ZERO]] : f64
// CHECK:   linalg.yield %[[H]], %[[H]]
func.func @rnn_relu_clip(%x: tensor<5x3x8xf64>, %w: tensor<1x4x8xf64>, %r: tensor<1x4x4xf64>) -> tensor<5x1x3x4xf64> {
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 4 clip = 2.0 activation = relu : (tensor<5x3x8xf64>, tensor<1x4x8xf64>, tensor<1x4x4xf64>) -> (tensor<5x1x3x4xf64>, tensor<1x3x4xf64>)
  return %y : tensor<5x1x3x4xf64>
}

// -----

// CHECK-LABEL: func.func @rnn_sigmoid_bidirectional
// CHECK: linalg.matmul {{.*}} outs(%{{.*}} : tensor<10x8xf32>)
// CHECK: scf.for
// CHECK:   linalg.generic
// CHECK:     math.exp
// CHECK:     arith.divf
// CHECK: scf.for
// CHECK:   arith.subi
// CHECK:   tensor.extract_slice %{{.*}}[%{{.*}}, 4] [2, 4]
func.func @rnn_sigmoid_bidirectional(%x: tensor<5x2x3xf32>, %w: tensor<2x4x3xf32>, %r: tensor<2x4x4xf32>) -> tensor<5x2x2x4xf32> {
  %y, %y_h = nabla.rnn %x, %w, %r hidden_size = 4 direction = bidirectional activation = sigmoid : (tensor<5x2x3xf32>, tensor<2x4x3xf32>, tensor<2x4x4xf32>) -> (tensor<5x2x2x4xf32>, tensor<2x2x4xf32>)
  return %y : tensor<5x2x2x4xf32>
}

// -----

// The ids are checked first (in [-10, 10)); each output element extracts
// its row's entry, negative ids count from the end, and the row is clamped
// into the table (a failed run reads nothing outside it).
// CHECK-DAG: #[[IDS:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("axis 0 of size 10 (valid: -10..9)\00")
// CHECK-DAG: llvm.mlir.global private constant @{{.*}}("nabla.embedding ({{.*}}recurrent.mlir:{{[0-9]+}}:{{[0-9]+}})\00")
// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[TABLE:.*]]: tensor<10x4xf32>, %[[IDX:.*]]: tensor<2x3xi64>)
// CHECK: tensor.collapse_shape %[[IDX]]
// CHECK: func.call @nabla_rt_index_error
// CHECK: linalg.generic {indexing_maps = [#[[IDS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDX]] : tensor<2x3xi64>) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK: ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
// CHECK:   %[[I:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK:   %[[NEG:.*]] = arith.cmpi slt, %[[I]], %[[ZERO:.*]] : index
// CHECK:   %[[UP:.*]] = arith.addi %[[I]], %[[ROWS:.*]] : index
// CHECK:   %[[WRAPPED:.*]] = arith.select %[[NEG]], %[[UP]], %[[I]] : index
// CHECK:   %[[LO:.*]] = arith.maxsi %[[WRAPPED]], %[[ZERO]] : index
// CHECK:   %[[ROW:.*]] = arith.minsi %[[LO]], %{{.*}} : index
// CHECK:   %[[COL:.*]] = linalg.index 2 : index
// CHECK:   %[[V:.*]] = tensor.extract %[[TABLE]][%[[ROW]], %[[COL]]] : tensor<10x4xf32>
// CHECK:   linalg.yield %[[V]] : f32
func.func @embedding(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %0 = nabla.embedding %table, %ids : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @embedding_i32_vector
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<5xi32>) outs(%{{.*}} : tensor<5x3xbf16>)
// CHECK:   arith.index_cast %{{.*}} : i32 to index
// CHECK:   tensor.extract %{{.*}} : tensor<7x3xbf16>
func.func @embedding_i32_vector(%table: tensor<7x3xbf16>, %ids: tensor<5xi32>) -> tensor<5x3xbf16> {
  %0 = nabla.embedding %table, %ids : (tensor<7x3xbf16>, tensor<5xi32>) -> tensor<5x3xbf16>
  return %0 : tensor<5x3xbf16>
}
